package io.orderseos.serde;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * A schema's Parsing Canonical Form as the Avro specification defines it, and as some producers'
 * libraries compute it instead. The fingerprint on the wire is the CRC-64-AVRO of the canonical
 * form, so a library that renders it differently makes every record of a correct schema arrive
 * under a fingerprint nobody knows. Knowing the ways it goes wrong lets a dead letter say which
 * schema the producer meant and what to fix.
 */
public final class CanonicalForms {
    /** How a canonical form is rendered. */
    public enum Rendering {
        /** The specification's: a primitive is its name, whatever logical type it carries. */
        SPECIFICATION("the Avro specification's Parsing Canonical Form"),
        /**
         * A primitive with a logical type as an object, {@code {"type":"long"}} where the
         * specification writes {@code "long"}: python3-avro 1.11's {@code canonical_form} does this.
         */
        LOGICAL_TYPES_AS_OBJECTS("the canonical form with its logical types written as objects ({\"type\":\"long\"}"
                + " where the specification writes \"long\"), as python3-avro 1.11's canonical_form renders it");

        private final String description;

        Rendering(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private CanonicalForms() {}

    /** {@code schema}'s canonical form as {@code rendering} writes it. */
    public static String of(Schema schema, Rendering rendering) {
        StringBuilder out = new StringBuilder();
        render(schema, rendering, new HashSet<>(), out);
        return out.toString();
    }

    /** The CRC-64-AVRO fingerprint of {@code schema}'s canonical form as {@code rendering} writes it. */
    public static long fingerprint(Schema schema, Rendering rendering) {
        return SchemaNormalization.fingerprint64(of(schema, rendering).getBytes(StandardCharsets.UTF_8));
    }

    /** Follows the specification's rules (and Avro's own {@code SchemaNormalization}) step by step. */
    private static void render(Schema schema, Rendering rendering, Set<String> named, StringBuilder out) {
        switch (schema.getType()) {
            case UNION -> {
                out.append('[');
                String separator = "";
                for (Schema branch : schema.getTypes()) {
                    out.append(separator);
                    render(branch, rendering, named, out);
                    separator = ",";
                }
                out.append(']');
            }
            case ARRAY -> {
                out.append("{\"type\":\"array\",\"items\":");
                render(schema.getElementType(), rendering, named, out);
                out.append('}');
            }
            case MAP -> {
                out.append("{\"type\":\"map\",\"values\":");
                render(schema.getValueType(), rendering, named, out);
                out.append('}');
            }
            case RECORD, ENUM, FIXED -> named(schema, rendering, named, out);
            default -> {
                String name = quoted(schema.getType().getName());
                boolean asObject = rendering == Rendering.LOGICAL_TYPES_AS_OBJECTS && schema.getLogicalType() != null;
                out.append(asObject ? "{\"type\":" + name + "}" : name);
            }
        }
    }

    private static void named(Schema schema, Rendering rendering, Set<String> named, StringBuilder out) {
        String name = quoted(schema.getFullName());
        if (!named.add(schema.getFullName())) {
            out.append(name);
            return;
        }
        out.append("{\"name\":")
                .append(name)
                .append(",\"type\":")
                .append(quoted(schema.getType().getName()));
        switch (schema.getType()) {
            case ENUM -> {
                out.append(",\"symbols\":[");
                String separator = "";
                for (String symbol : schema.getEnumSymbols()) {
                    out.append(separator).append(quoted(symbol));
                    separator = ",";
                }
                out.append(']');
            }
            case FIXED -> out.append(",\"size\":").append(schema.getFixedSize());
            default -> {
                out.append(",\"fields\":[");
                String separator = "";
                for (Schema.Field field : schema.getFields()) {
                    out.append(separator)
                            .append("{\"name\":")
                            .append(quoted(field.name()))
                            .append(",\"type\":");
                    render(field.schema(), rendering, named, out);
                    out.append('}');
                    separator = ",";
                }
                out.append(']');
            }
        }
        out.append('}');
    }

    /** Names and symbols are [A-Za-z_][A-Za-z0-9_]* (dotted for full names): nothing to escape. */
    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
