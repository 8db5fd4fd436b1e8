package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.HeldEvents;
import io.orderseos.schemas.internal.OrderTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard on schema evolution, for every record type orders-eos reads or writes: each has a
 * frozen history, the newest frozen version is the current schema, and every frozen version stays
 * readable by the current one.
 */
class SchemaVersionsTest {

    static Stream<SchemaVersions> types() {
        return SchemaVersions.all().stream();
    }

    @Test
    void everyTypeTheAppReadsOrWritesIsCovered() {
        assertThat(SchemaVersions.all())
                .extracting(versions -> versions.current().getFullName())
                .containsExactly(
                        OrderEvent.getClassSchema().getFullName(),
                        OrderStatus.getClassSchema().getFullName(),
                        CustomerStats.getClassSchema().getFullName(),
                        OrderTransition.getClassSchema().getFullName(),
                        HeldEvents.getClassSchema().getFullName());
    }

    @Test
    void orderEventKeepsTheVersionOlderProducersSend() {
        assertThat(SchemaVersions.of(OrderEvent.getClassSchema()).history()).hasSizeGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("types")
    void newestFrozenVersionIsTheCurrentSchema(SchemaVersions versions) {
        List<Schema> history = versions.history();
        assertThat(history)
                .as(
                        "frozen versions of %s: a stored type without one cannot change its .avsc without making"
                                + " every stored record unreadable",
                        versions.current().getFullName())
                .isNotEmpty();
        Schema newest = history.get(history.size() - 1);

        Schema current = versions.current();
        // Same canonical form (names, types, order, symbols) and the same logical types, which the
        // canonical form leaves out; docs and Java-specific properties may differ.
        assertThat(SchemaNormalization.parsingFingerprint64(newest))
                .as("newest frozen version of %s", current.getFullName())
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
        assertThat(SchemaVersions.logicalTypes(newest)).isEqualTo(SchemaVersions.logicalTypes(current));
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyVersionIsReadableByTheCurrentSchema(SchemaVersions versions) {
        for (Schema writer : versions.history()) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(versions.current(), writer)
                            .getType())
                    .as("reading %s", writer)
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyVersionIsFoundByItsFingerprint(SchemaVersions versions) {
        for (Schema writer : versions.history()) {
            long fingerprint = SchemaNormalization.parsingFingerprint64(writer);
            assertThat(versions.byFingerprint(fingerprint)).isNotNull();
            assertThat(SchemaNormalization.parsingFingerprint64(versions.byFingerprint(fingerprint)))
                    .isEqualTo(fingerprint);
            assertThat(versions.fingerprints()).contains(fingerprint);
        }
        assertThat(versions.byFingerprint(42L)).isNull();
    }

    @Test
    void aChangedScaleIsNotAVersion() {
        Schema current = OrderStatus.getClassSchema();
        Schema rescaled = new Schema.Parser()
                .parse(current.toString().replace("\"precision\":18,\"scale\":2", "\"precision\":18,\"scale\":4"));
        assertThat(SchemaNormalization.parsingFingerprint64(rescaled))
                .as("the fingerprint leaves logical types out")
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));

        assertThatThrownBy(() -> SchemaVersions.of(rescaled, List.of(current)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("differ in their logical types")
                .hasMessageContaining("scale=4");
    }

    /**
     * What the history is for: the next version of a stored type (here: one more optional field)
     * still finds the schema today's records were written with.
     */
    @ParameterizedTest
    @MethodSource("types")
    void anEditedSchemaStillReadsTodaysRecords(SchemaVersions versions) {
        Schema today = versions.current();
        Schema edited = withOneMoreField(today);

        SchemaVersions next = SchemaVersions.of(edited);

        Schema writer = next.byFingerprint(SchemaNormalization.parsingFingerprint64(today));
        assertThat(writer)
                .as("today's %s after an edit of its .avsc", today.getFullName())
                .isNotNull();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(edited, writer)
                        .getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema withOneMoreField(Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field(
                "addedLater",
                SchemaBuilder.unionOf().nullType().and().stringType().endUnion(),
                null,
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
