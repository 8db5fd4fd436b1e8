package io.orderseos.serde;

import io.orderseos.serde.CanonicalForms.Rendering;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * What to say about a writer-schema fingerprint that is no known version of a type: the fingerprint
 * as the bytes on the wire (little-endian, so it reads as in a hex dump of the record) and as the
 * CRC-64-AVRO number, and, where the app can tell, which version the producer meant: a known
 * version's canonical form rendered the way some producers' libraries render it ({@link
 * CanonicalForms.Rendering}). Otherwise the known versions, for the producer to compare with.
 */
final class UnknownFingerprints {
    private static final HexFormat BYTES = HexFormat.ofDelimiter(" ");

    private final String type;
    private final String guide;
    /** Each known version by its label (v1, v2, ...). */
    private final Map<String, Schema> known = new LinkedHashMap<>();
    /** Fingerprints of known versions in a non-standard rendering: what each one is. */
    private final Map<Long, String> misrendered = new LinkedHashMap<>();

    /**
     * @param guide where a producer's author reads how to fingerprint (a docs link), or null for a
     *     type no other team writes
     */
    UnknownFingerprints(String type, SchemaVersions versions, String guide) {
        this.type = type;
        this.guide = guide;
        List<Schema> history = versions.history();
        for (int i = 0; i < history.size(); i++) {
            known.put("v" + (i + 1), history.get(i));
        }
        long current = SchemaNormalization.parsingFingerprint64(versions.current());
        if (known.values().stream().noneMatch(s -> SchemaNormalization.parsingFingerprint64(s) == current)) {
            known.put("current", versions.current());
        }
        known.forEach((label, schema) -> {
            for (Rendering rendering : Rendering.values()) {
                if (rendering != Rendering.SPECIFICATION) {
                    misrendered.putIfAbsent(
                            CanonicalForms.fingerprint(schema, rendering),
                            label + " of " + type + ", fingerprinted from " + rendering.description());
                }
            }
        });
    }

    /** The words for {@code fingerprint}, read from {@code wire} (the record's 8 fingerprint bytes at 2..9). */
    String describe(byte[] wire, long fingerprint) {
        StringBuilder out = new StringBuilder("unknown writer schema: fingerprint ");
        out.append(BYTES.formatHex(wire, 2, AvroSerde.HEADER_LENGTH));
        out.append(" (CRC-64-AVRO ").append(KnownWriterSchemas.number(fingerprint));
        out.append(") is not a known version of ").append(type);
        String meant = misrendered.get(fingerprint);
        if (meant != null) {
            out.append("; it is ").append(meant).append(": fingerprint the specification's Parsing Canonical Form");
            return withGuide(out, "#fingerprint");
        }
        List<String> versions = new ArrayList<>();
        known.forEach((label, schema) -> versions.add(label + " " + wireBytes(schema)));
        out.append("; known: ").append(String.join(", ", versions));
        return withGuide(out, "#known-writer-schemas");
    }

    private String withGuide(StringBuilder out, String section) {
        if (guide != null) {
            out.append(" (").append(guide).append(section).append(')');
        }
        return out.toString();
    }

    /** A schema's fingerprint as the 8 bytes a record carries, in hex. */
    static String wireBytes(Schema schema) {
        return KnownWriterSchemas.wireBytes(SchemaNormalization.parsingFingerprint64(schema));
    }
}
