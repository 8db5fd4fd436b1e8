package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class WriterSchemaEncodingTest {
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

    private Schema versionOne() {
        return events.versions().history().get(0);
    }
}
