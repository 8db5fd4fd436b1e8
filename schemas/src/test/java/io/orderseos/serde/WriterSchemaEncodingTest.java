package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class WriterSchemaEncodingTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final AvroSerde<OrderEvent> events = AvroSerde.orderEvents(1 << 20);

    @Test
    void withTheCurrentSchemaItWritesWhatTheSerdeWrites() {
        OrderEvent placed = AvroSerdeTest.placed();

        assertThat(WriterSchemaEncoding.encode(placed, OrderEvent.getClassSchema()))
                .isEqualTo(events.serialize("t", placed));
    }

    @Test
    void eventWrittenWithVersionOneIsReadBackAsTheSameEvent() {
        OrderEvent paid = OrderEvent.newBuilder()
                .setEventId("o-1-paid")
                .setOrderId("o-1")
                .setCustomerId("c-1")
                .setType(OrderEventType.PAID)
                .setOccurredAt(Instant.parse("2026-01-01T00:10:00Z"))
                .build();

        byte[] v1 = WriterSchemaEncoding.encode(paid, versionOne());

        assertThat(v1).isNotEqualTo(events.serialize("t", paid));
        assertThat(events.deserialize("t", v1)).isEqualTo(paid);
    }

    @Test
    void aFieldTheRecordLacksIsNamed() {
        Schema writer = Schema.createRecord(
                "OrderEvent",
                null,
                "io.orderseos.schemas",
                false,
                List.of(new Schema.Field("discount", Schema.create(Schema.Type.STRING))));

        assertThatThrownBy(() -> WriterSchemaEncoding.encode(AvroSerdeTest.placed(), writer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'discount'");
    }

    /**
     * What the first roll of an upgrade writes: each stored type in a frozen version, through the
     * conversions (a nested record, an enum inside a union, maps of decimals, timestamps), read back
     * by the app's serde as the same record.
     */
    @Test
    void everyStoredTypeWrittenWithItsFrozenVersionReadsBackTheSame() {
        OrderStatus status = new OrderStatus(
                "o-1", "c-1", OrderState.PAID, new BigDecimal("12.50"), "EUR", T0, T0.plusSeconds(5), "e-2");
        CustomerStats stats = new CustomerStats(
                "c-1",
                2L,
                1L,
                0L,
                0L,
                1L,
                Map.of("EUR", new BigDecimal("20.00"), "USD", new BigDecimal("3.10")),
                Map.of("EUR", new BigDecimal("12.50")),
                T0);
        OrderTransition transition = new OrderTransition(OrderState.PLACED, status);
        OrderTransition created = new OrderTransition(null, status);

        assertThat(roundTrip(AvroSerde.orderStatus(), status)).isEqualTo(status);
        assertThat(roundTrip(AvroSerde.customerStats(), stats)).isEqualTo(stats);
        assertThat(roundTrip(AvroSerde.orderTransitions(), transition)).isEqualTo(transition);
        assertThat(roundTrip(AvroSerde.orderTransitions(), created)).isEqualTo(created);
    }

    @Test
    void anEnumSymbolTheOlderVersionLacksIsNamedUnlessItHasADefault() {
        Schema withoutCancelled = SchemaBuilder.enumeration("OrderState")
                .namespace("io.orderseos.schemas")
                .symbols("PLACED", "PAID", "SHIPPED", "DELIVERED");
        Schema withDefault = SchemaBuilder.enumeration("OrderState")
                .namespace("io.orderseos.schemas")
                .defaultSymbol("PLACED")
                .symbols("PLACED", "PAID", "SHIPPED", "DELIVERED");
        OrderStatus cancelled =
                new OrderStatus("o-1", "c-1", OrderState.CANCELLED, new BigDecimal("1.00"), "EUR", T0, T0, "e-9");

        assertThatThrownBy(() -> WriterSchemaEncoding.encode(cancelled, withStatus(withoutCancelled)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no symbol CANCELLED and no default");
        Schema writer = withStatus(withDefault);
        GenericRecord written = readGeneric(WriterSchemaEncoding.encode(cancelled, writer), writer);
        assertThat(written.get("status").toString()).isEqualTo("PLACED");
    }

    @Test
    void aUnionOfTwoRecordTypesTakesTheBranchOfTheRecordsName() {
        Schema other = SchemaBuilder.record("Other")
                .namespace("x")
                .fields()
                .requiredString("a")
                .endRecord();
        Schema status = OrderStatus.getClassSchema();
        Schema writer = SchemaBuilder.record("OrderTransition")
                .namespace("io.orderseos.schemas.internal")
                .fields()
                .name("previous")
                .type(Schema.createUnion(
                        Schema.create(Schema.Type.NULL),
                        status.getField("status").schema()))
                .withDefault(null)
                .name("order")
                .type(Schema.createUnion(other, status))
                .noDefault()
                .endRecord();
        OrderStatus order = new OrderStatus("o-1", "c-1", OrderState.PAID, new BigDecimal("1.00"), "EUR", T0, T0, "e");

        GenericRecord written =
                readGeneric(WriterSchemaEncoding.encode(new OrderTransition(null, order), writer), writer);

        assertThat(((GenericRecord) written.get("order")).getSchema().getFullName())
                .isEqualTo("io.orderseos.schemas.OrderStatus");
    }

    private static <T extends SpecificRecord> T roundTrip(AvroSerde<T> serde, T record) {
        Schema frozen =
                serde.versions().history().get(serde.versions().history().size() - 1);
        return serde.deserialize("t", WriterSchemaEncoding.encoder(frozen).encode(record));
    }

    private static Schema withStatus(Schema state) {
        Schema current = OrderStatus.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            fields.add(new Schema.Field(field, field.name().equals("status") ? state : field.schema()));
        }
        return Schema.createRecord("OrderStatus", null, "io.orderseos.schemas", false, fields);
    }

    /** A single-object record read with its writer schema, as generic data. */
    private static GenericRecord readGeneric(byte[] singleObject, Schema writer) {
        try {
            return new BinaryMessageDecoder<GenericRecord>(GenericData.get(), writer).decode(singleObject);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Schema versionOne() {
        return events.versions().history().get(0);
    }
}
