package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final AvroSerde<OrderEvent> events = AvroSerde.orderEvents(1 << 20);

    static OrderEvent placed() {
        return OrderEvent.newBuilder()
                .setEventId("e-1")
                .setOrderId("o-1")
                .setCustomerId("c-1")
                .setType(OrderEventType.PLACED)
                .setOccurredAt(T0)
                .setAmount(new BigDecimal("12.50"))
                .setCurrency("EUR")
                .setItems(List.of(new LineItem("sku-1", 5, new BigDecimal("2.50"))))
                .build();
    }

    @Test
    void orderEventRoundTrips() {
        OrderEvent event = placed();

        assertThat(events.deserialize("t", events.serialize("t", event))).isEqualTo(event);
    }

    @Test
    void fingerprintsWhatItWritesWithoutWritingIt() throws Exception {
        OrderEvent small = placed();
        OrderEvent large = OrderEvent.newBuilder(placed())
                .setOrderId("o-\u00df\u20ac\ud834\udd1e-" + "x".repeat(300))
                .setItems(java.util.Collections.nCopies(500, new LineItem("sku-\u00e9", 7, new BigDecimal("-0.01"))))
                .build();
        AvroSerde<OrderEvent> old = events.writing(events.versions().history().get(0));

        for (OrderEvent event : List.of(small, large)) {
            // Avro's own single-object encoding of the generated class, built as bytes
            byte[] bytes = OrderEvent.getEncoder().encode(event).array();
            assertThat(events.serialize("t", event)).isEqualTo(bytes);
            assertThat(events.fingerprint64(event)).isEqualTo(SchemaNormalization.fingerprint64(bytes));
            assertThat(old.fingerprint64(event))
                    .isEqualTo(SchemaNormalization.fingerprint64(old.serialize("t", event)));
        }
        assertThat(events.fingerprint64(small)).isNotEqualTo(events.fingerprint64(large));
    }

    @Test
    void writesAnOlderVersionWhenAskedAndReadsItBackAsCurrent() {
        Schema v1 = events.versions().history().get(0);
        AvroSerde<OrderEvent> old = events.writing(v1);

        byte[] written = old.serialize("t", placed());

        assertThat(old.writerSchema()).isSameAs(v1);
        assertThat(fingerprintOf(written)).isEqualTo(SchemaNormalization.parsingFingerprint64(v1));
        OrderEvent read = events.deserialize("t", written);
        assertThat(read.getAmount()).isEqualByComparingTo("12.50");
        assertThat(read.getItems()).as("v1 has no line items").isEmpty();
    }

    @Test
    void writingTheCurrentVersionIsTheDefault() {
        AvroSerde<OrderEvent> current = events.writing(OrderEvent.getClassSchema());

        assertThat(current.serialize("t", placed())).isEqualTo(events.serialize("t", placed()));
        assertThat(current.writerSchema()).isSameAs(events.writerSchema());
    }

    @Test
    void refusesToWriteASchemaItCannotRead() {
        Schema unknown = Schema.createRecord("OrderEvent", null, "io.orderseos.schemas", false, List.of());

        assertThatThrownBy(() -> events.writing(unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a version it reads");
    }

    private static long fingerprintOf(byte[] singleObject) {
        return ByteBuffer.wrap(singleObject, 2, 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
    }

    @Test
    void outputRecordsRoundTrip() {
        OrderStatus status = new OrderStatus("o-1", "c-1", OrderState.PAID, new BigDecimal("1.00"), "EUR", T0, T0, "e");
        CustomerStats stats = new CustomerStats(
                "c-1",
                1L,
                1L,
                0L,
                0L,
                0L,
                Map.of("EUR", new BigDecimal("1.00")),
                Map.of("EUR", BigDecimal.ZERO.setScale(2)),
                T0);
        OrderTransition transition = new OrderTransition(OrderState.PLACED, status);

        assertThat(AvroSerde.orderStatus()
                        .deserialize("t", AvroSerde.orderStatus().serialize("t", status)))
                .isEqualTo(status);
        assertThat(AvroSerde.customerStats()
                        .deserialize("t", AvroSerde.customerStats().serialize("t", stats)))
                .isEqualTo(stats);
        AvroSerde<OrderTransition> transitions = AvroSerde.orderTransitions();
        assertThat(transitions.deserialize("t", transitions.serialize("t", transition)))
                .isEqualTo(transition);
    }

    @Test
    void encodingIsSingleObjectWithTheCurrentFingerprint() {
        byte[] bytes = events.serialize("t", placed());

        assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
        long fingerprint =
                ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(OrderEvent.getClassSchema()));
    }

    @Test
    void recordOfVersionOneIsReadAsCurrent() throws Exception {
        Schema v1 = events.versions().history().get(0);
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "e-2");
        old.put("orderId", "o-1");
        old.put("customerId", "c-1");
        old.put("type", new GenericData.EnumSymbol(v1.getField("type").schema(), "PAID"));
        old.put("occurredAt", T0);
        old.put("amount", null);
        old.put("currency", null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BinaryMessageEncoder<GenericRecord>(model, v1).encode(old, out);

        OrderEvent read = events.deserialize("t", out.toByteArray());

        assertThat(read.getType()).isEqualTo(OrderEventType.PAID);
        assertThat(read.getEventId()).isEqualTo("e-2");
        assertThat(read.getOccurredAt()).isEqualTo(T0);
        assertThat(read.getItems()).isEmpty();
    }

    @Test
    void tombstoneDecodesToNull() {
        assertThat(events.deserialize("t", null)).isNull();
        assertThat(events.serialize("t", null)).isNull();
    }

    @Test
    void emptyValueFails() {
        assertThatThrownBy(() -> events.deserialize("t", new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("empty value");
    }

    @Test
    void oversizeValueFailsBeforeDecoding() {
        AvroSerde<OrderEvent> capped = AvroSerde.orderEvents(64);
        byte[] big = new byte[65];

        assertThatThrownBy(() -> capped.deserialize("t", big))
                .isInstanceOf(OversizeValueException.class)
                .hasMessage("value of 65 bytes exceeds the limit of 64 bytes");
    }

    @Test
    void hostileStringLengthIsRejectedWithoutAllocatingIt() {
        byte[] header = Arrays.copyOf(events.serialize("t", placed()), AvroSerde.HEADER_LENGTH);
        byte[] hostile = Arrays.copyOf(header, header.length + 5);
        // zig-zag varint of 2^30: a 1 GiB eventId claimed by a 15-byte value.
        System.arraycopy(
                new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}, 0, hostile, header.length, 5);

        assertThatThrownBy(() -> events.deserialize("t", hostile))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseInstanceOf(SystemLimitException.class);
    }

    @Test
    void hostileArrayBlockCountIsRejected() {
        OrderEvent event = placed();
        event.setItems(List.of());
        byte[] valid = events.serialize("t", event);
        // The empty items array is the last byte (block count 0); claim 2^30 items instead.
        byte[] hostile = Arrays.copyOf(valid, valid.length + 4);
        System.arraycopy(
                new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}, 0, hostile, valid.length - 1, 5);

        assertThatThrownBy(() -> events.deserialize("t", hostile))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseInstanceOf(SystemLimitException.class);
    }

    @Test
    void hostileLengthsAndCountsAreRejectedBeforeAnythingIsAllocatedForThem() {
        // Within Avro's limits, yet far beyond the bytes there are: Avro 1.12.2 compares each length
        // and count with the bytes left before it allocates, so none costs more than the payload.
        OrderEvent event = placed();
        event.setItems(List.of());
        byte[] valid = events.serialize("t", event);
        byte[] header = Arrays.copyOf(valid, AvroSerde.HEADER_LENGTH);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        List<byte[]> hostile = List.of(
                concat(header, varint(AvroHardening.MAX_STRING_BYTES)), // the eventId's length
                concat(Arrays.copyOf(valid, valid.length - 1), varint(AvroHardening.MAX_COLLECTION_ITEMS)), // items
                // three empty IDs, PLACED, occurredAt 0, the amount's union branch, then its length
                concat(concat(header, new byte[] {0, 0, 0, 0, 0, 2}), varint(AvroHardening.MAX_BYTES_LENGTH)));
        for (byte[] value : hostile) {
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) { // the first rounds load classes
                long before = threads.getCurrentThreadAllocatedBytes();
                assertThatThrownBy(() -> events.deserialize("t", value)).isInstanceOf(SerializationException.class);
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertThat(allocated).as(HexFormat.of().formatHex(value)).isLessThan(64 * 1024);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    /** Avro's zig-zag varint of {@code n}. */
    private static byte[] varint(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long zigzag = (n << 1) ^ (n >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        return out.toByteArray();
    }

    @Test
    void allocationLimitsAreInForce() {
        AvroHardening.apply();

        assertThatThrownBy(() -> SystemLimitException.checkMaxStringLength(AvroHardening.MAX_STRING_BYTES + 1L))
                .isInstanceOf(SystemLimitException.class);
        assertThatThrownBy(() -> SystemLimitException.checkMaxCollectionLength(AvroHardening.MAX_COLLECTION_ITEMS + 1L))
                .isInstanceOf(SystemLimitException.class);
    }
}
