package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.CanonicalForms.Rendering;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The dead letter's detail for a fingerprint that is no known version: the wire bytes as a hex
 * dump shows them, and the version a producer meant when its library rendered the canonical form
 * its own way.
 */
class UnknownFingerprintsTest {
    private final AvroSerde<OrderEvent> events = AvroSerde.orderEvents(1 << 20);
    private final Schema v2 = events.versions().history().get(1);

    @Test
    void theSpecificationsRenderingIsAvrosOwnForEveryVersionOfEveryType() {
        for (SchemaVersions versions : SchemaVersions.all()) {
            for (Schema schema : versions.history()) {
                assertThat(CanonicalForms.of(schema, Rendering.SPECIFICATION))
                        .as(schema.getFullName())
                        .isEqualTo(SchemaNormalization.toParsingForm(schema));
            }
        }
    }

    /**
     * The expected text is what python3-avro 1.11.1 printed for {@code
     * avro.schema.parse(open("OrderEvent.v2.avsc").read()).canonical_form}.
     */
    @Test
    void logicalTypesAsObjectsIsWhatPython3Avro111Computes() throws IOException {
        assertThat(CanonicalForms.of(v2, Rendering.LOGICAL_TYPES_AS_OBJECTS))
                .isEqualTo(resource("python3-avro-1.11.1-canonical_form.OrderEvent.v2.json")
                        .strip());
    }

    @Test
    void aFingerprintOfLogicalTypesAsObjectsNamesTheVersionMeantAndTheFix() {
        byte[] record = withFingerprint(events.serialize("orders", AvroSerdeTest.placed()), v2);

        String detail = detail(events, record);

        assertThat(detail)
                .startsWith("unknown writer schema: fingerprint "
                        + HexFormat.ofDelimiter(" ").formatHex(record, 2, AvroSerde.HEADER_LENGTH) + " (CRC-64-AVRO 0x")
                .contains("is not a known version of OrderEvent; it is v2 of OrderEvent")
                .contains("python3-avro 1.11")
                .endsWith("(docs/producers.md#fingerprint)");
    }

    @Test
    void anyOtherUnknownFingerprintListsTheKnownVersionsAsWireBytes() {
        byte[] record = events.serialize("orders", AvroSerdeTest.placed());
        Arrays.fill(record, 2, AvroSerde.HEADER_LENGTH, (byte) 0x5a);

        String detail = detail(events, record);

        assertThat(detail)
                .contains("fingerprint 5a 5a 5a 5a 5a 5a 5a 5a (CRC-64-AVRO 0x5a5a5a5a5a5a5a5a)")
                .contains("known: v1 "
                        + UnknownFingerprints.wireBytes(
                                events.versions().history().get(0)) + ", v2 " + UnknownFingerprints.wireBytes(v2))
                .endsWith("(docs/producers.md#known-writer-schemas)");
    }

    @Test
    void theWireBytesAreTheFingerprintLittleEndian() {
        byte[] record = events.serialize("orders", AvroSerdeTest.placed());

        assertThat(UnknownFingerprints.wireBytes(v2))
                .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(record, 2, AvroSerde.HEADER_LENGTH));
    }

    @Test
    void anInternalTypePointsAtNoProducersGuide() {
        AvroSerde<io.orderseos.schemas.OrderStatus> status = AvroSerde.orderStatus();
        byte[] record = new byte[AvroSerde.HEADER_LENGTH + 1];
        record[0] = (byte) 0xC3;
        record[1] = 0x01;

        assertThat(detail(status, record))
                .contains("not a known version of OrderStatus")
                .doesNotContain("docs/");
    }

    private static String detail(AvroSerde<?> serde, byte[] record) {
        return catchThrowableOfType(SerializationException.class, () -> serde.deserialize("orders", record))
                .getMessage();
    }

    /** {@code record} with the fingerprint of {@code schema}'s canonical form with logical types as objects. */
    private static byte[] withFingerprint(byte[] record, Schema schema) {
        long fingerprint = CanonicalForms.fingerprint(schema, Rendering.LOGICAL_TYPES_AS_OBJECTS);
        byte[] copy = record.clone();
        for (int i = 0; i < 8; i++) {
            copy[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return copy;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = UnknownFingerprintsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
