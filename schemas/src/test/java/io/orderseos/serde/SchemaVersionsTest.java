package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.OrderEvent;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** The guard on schema evolution: every frozen version stays readable, and the newest is the current one. */
class SchemaVersionsTest {
    private final SchemaVersions versions = SchemaVersions.of(OrderEvent.getClassSchema());

    @Test
    void orderEventKeepsItsHistory() {
        assertThat(versions.history()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void newestFrozenVersionIsTheCurrentSchema() {
        List<Schema> history = versions.history();
        Schema newest = history.get(history.size() - 1);

        Schema current = OrderEvent.getClassSchema();
        // Same canonical form (names, types, order, symbols) and the same logical types, which the
        // canonical form leaves out; docs and Java-specific properties may differ.
        assertThat(SchemaNormalization.parsingFingerprint64(newest))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
        assertThat(logicalTypes(newest)).isEqualTo(logicalTypes(current));
    }

    private static List<String> logicalTypes(Schema schema) {
        List<String> found = new java.util.ArrayList<>();
        collect(schema, "", found);
        return found;
    }

    private static void collect(Schema schema, String path, List<String> found) {
        if (schema.getLogicalType() != null) {
            found.add(path + "=" + schema.getLogicalType().getName() + schema.getObjectProps());
        }
        switch (schema.getType()) {
            case RECORD -> schema.getFields().forEach(f -> collect(f.schema(), path + "." + f.name(), found));
            case UNION -> schema.getTypes().forEach(t -> collect(t, path + "|" + t.getType(), found));
            case ARRAY -> collect(schema.getElementType(), path + "[]", found);
            case MAP -> collect(schema.getValueType(), path + "{}", found);
            default -> {}
        }
    }

    @Test
    void everyVersionIsReadableByTheCurrentSchema() {
        for (Schema writer : versions.history()) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(OrderEvent.getClassSchema(), writer)
                            .getType())
                    .as("reading %s", writer)
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void everyVersionIsFoundByItsFingerprint() {
        for (Schema writer : versions.history()) {
            long fingerprint = SchemaNormalization.parsingFingerprint64(writer);
            assertThat(versions.byFingerprint(fingerprint)).isNotNull();
            assertThat(SchemaNormalization.parsingFingerprint64(versions.byFingerprint(fingerprint)))
                    .isEqualTo(fingerprint);
        }
        assertThat(versions.byFingerprint(42L)).isNull();
    }
}
