package io.orderseos.ops.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderState;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.Encodings;
import io.orderseos.testing.Events;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The verifier's model on its own: the contract's rules, which the app's outputs are held to. */
class ReferenceModelTest {
    private static final AvroSerde<OrderEvent> SERDE = AvroSerde.orderEvents(Integer.MAX_VALUE);
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final ReferenceModel model = new ReferenceModel(Duration.ofDays(7), 1_000);
    private long offset;

    @Test
    void appliesALifeCycleAndCountsDuplicatesAndIntents() {
        OrderEvent placed = Events.placed("o-1", "c-1").item("sku", 2, "5.00").build();
        accept("o-1", placed, 0);
        accept("o-1", placed, 0);
        accept("o-1", Events.paid("o-1", "c-1").build(), 0);
        accept("o-1", Events.paid("o-1", "c-1").eventId("retry").build(), 0);
        accept("o-1", Events.cancelled("o-1", "c-1").build(), 0);

        assertThat(model.orders().get("o-1"))
                .extracting(status -> status.getStatus())
                .containsExactly(OrderState.PLACED, OrderState.PAID, OrderState.CANCELLED);
        assertThat(model.outcomes())
                .containsEntry("applied", 3L)
                .containsEntry("duplicate dropped", 1L)
                .containsEntry("duplicate intent", 1L);
        assertThat(model.customers()
                        .get("c-1")
                        .differences(
                                "c-1",
                                1,
                                1,
                                0,
                                0,
                                1,
                                Map.of("EUR", new BigDecimal("10.00")),
                                Map.of("EUR", new BigDecimal("0.00")),
                                Events.T0))
                .isEmpty();
    }

    @Test
    void aCopyWrittenWithAnOlderSchemaIsStillADuplicate() throws Exception {
        OrderEvent placed = Events.placed("o-1", "c-1").item("sku", 1, "5.00").build();
        OrderEvent paid = Events.paid("o-1", "c-1").build();
        Schema v1 = new Schema.Parser()
                .parse(getClass().getResourceAsStream("/io/orderseos/schemas/history/OrderEvent.v1.avsc"));
        accept("o-1", placed, 0);
        accept("o-1", SERDE.serialize(null, paid), 0);
        accept("o-1", Encodings.encode(paid, v1), 0);

        assertThat(model.outcomes()).containsEntry("duplicate dropped", 1L).containsEntry("applied", 2L);
    }

    @Test
    void anEventIdSeenAgainAfterTheWindowIsProcessedAgain() {
        OrderEvent placed = Events.placed("o-1", "c-1").item("sku", 1, "5.00").build();
        accept("o-1", placed, 0);
        accept("o-1", placed, 7 * DAY - 1); // still inside: a duplicate
        accept("o-1", placed, 7 * DAY); // window over: processed again, PLACED again is an intent

        assertThat(model.outcomes()).containsEntry("duplicate dropped", 1L).containsEntry("duplicate intent", 1L);
    }

    @Test
    void rejectsWithTheContractsReasons() {
        accept("o-1", Events.placed("o-1", "c-1").item("sku", 1, "5.00").build(), 0);
        accept("o-1", Events.placed("o-1", "c-1").item("sku", 2, "5.00").build(), 0); // same ID, other payload
        accept("o-1", Events.shipped("o-1", "c-1").build(), 0); // skips PAID
        accept("o-1", Events.paid("o-1", "c-2").build(), 0); // another customer
        accept(
                "o-2",
                Events.placed("o-1", "c-1").eventId("x").item("sku", 1, "5.00").build(),
                0); // key
        accept("o-3", new byte[] {1, 2, 3}, 0);
        accept("o-3", new byte[0], 0);
        accept("o-3", (byte[]) null, 0);
        accept("o-3", new byte[1_001], 0);

        assertThat(model.outcomes())
                .containsEntry("dead letter EVENT_ID_CONFLICT", 1L)
                .containsEntry("dead letter ILLEGAL_TRANSITION", 1L)
                .containsEntry("dead letter VALIDATION", 3L)
                .containsEntry("dead letter DESERIALIZATION", 2L)
                .containsEntry("dead letter OVERSIZE", 1L);
        assertThat(model.letters()).hasSize(8);
    }

    @Test
    void aKeyThatIsNotUtf8IsUndecodableEvenBeforeAnOversizeValue() {
        byte[] key = {'o', '-', '1', (byte) 0xFF};
        model.accept(new InputRecord(
                0,
                offset++,
                0,
                key,
                SERDE.serialize(null, Events.paid("o-1", "c-1").build())));
        model.accept(new InputRecord(0, offset++, 0, key, new byte[1_001]));

        assertThat(model.outcomes())
                .containsEntry("dead letter DESERIALIZATION", 2L)
                .hasSize(1);
    }

    private void accept(String key, OrderEvent event, long timestamp) {
        accept(key, SERDE.serialize(null, event), timestamp);
    }

    private void accept(String key, byte[] value, long timestamp) {
        model.accept(new InputRecord(0, offset++, timestamp, key.getBytes(UTF_8), value));
    }
}
