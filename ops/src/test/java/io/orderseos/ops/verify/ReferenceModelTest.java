package io.orderseos.ops.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
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

    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private ReferenceModel model = model(Duration.ZERO, 8, 10_000);
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
    void anUndecodableRecordMovesStreamTimeToo() {
        Duration window = Duration.ofDays(7); // the model's dedup window
        OrderEvent shipped = Events.shipped("o-1", "c-1").build();
        accept("o-1", shipped, 0);
        accept("o-2", new byte[] {1}, window.toMillis());
        accept("o-1", shipped, window.toMillis());

        assertThat(model.outcomes())
                .containsEntry("dead letter ILLEGAL_TRANSITION", 2L)
                .containsEntry("dead letter DESERIALIZATION", 1L)
                .doesNotContainKey("duplicate dropped");
    }

    @Test
    void aKeyThatIsNotUtf8IsUndecodableEvenBeforeAnOversizeValue() {
        byte[] key = {'o', '-', '1', (byte) 0xFF};
        model.accept(new InputRecord(
                0,
                offset++,
                0,
                key,
                SERDE.serialize(null, Events.paid("o-1", "c-1").build()),
                false));
        model.accept(new InputRecord(0, offset++, 0, key, new byte[1_001], false));

        assertThat(model.outcomes())
                .containsEntry("dead letter DESERIALIZATION", 2L)
                .hasSize(1);
    }

    @Test
    void withTheWindowOffAnEarlyEventIsIllegalAtOnce() {
        accept("o-1", Events.paid("o-1", "c-1").build(), 0);
        accept("o-1", Events.placed("o-1", "c-1").item("sku", 1, "5.00").build(), 0);
        accept("o-1", Events.delivered("o-1", "c-1").build(), 0);

        assertThat(model.outcomes())
                .containsEntry("dead letter ILLEGAL_TRANSITION", 2L)
                .containsEntry("applied", 1L)
                .doesNotContainKey(ReferenceModel.HELD);
        assertThat(model.letters()).containsOnlyKeys("0@0", "0@2");
        assertThat(model.held()).isEmpty();
    }

    @Test
    void heldEventsAreReleasedOldestFirstOnceTheirStepArrives() {
        model = model(Duration.ofMinutes(5), 8, 10_000);
        accept("o-1", Events.delivered("o-1", "c-1").build(), 0);
        accept("o-1", Events.shipped("o-1", "c-1").build(), 1);
        accept("o-1", Events.paid("o-1", "c-1").build(), 2);
        assertThat(model.outcomes()).containsExactly(Map.entry(ReferenceModel.HELD, 3L));

        accept("o-1", Events.placed("o-1", "c-1").item("sku", 1, "5.00").build(), 3);

        assertThat(model.orders().get("o-1"))
                .extracting(status -> status.getStatus())
                .containsExactly(OrderState.PLACED, OrderState.PAID, OrderState.SHIPPED, OrderState.DELIVERED);
        assertThat(model.outcomes()).containsExactly(Map.entry("applied", 4L));
        assertThat(model.letters()).isEmpty();
    }

    @Test
    void ofTwoCompetingHeldEventsTheFirstToArriveWins() {
        model = model(Duration.ofMinutes(5), 8, 10_000);
        accept("o-1", Events.cancelled("o-1", "c-1").build(), 0);
        accept("o-1", Events.paid("o-1", "c-1").build(), 0); // offset 1
        accept("o-1", Events.paid("o-1", "c-2").eventId("other-customer").build(), 0); // offset 2
        accept("o-1", Events.placed("o-1", "c-1").item("sku", 1, "5.00").build(), 0);

        assertThat(model.orders().get("o-1"))
                .extracting(status -> status.getStatus())
                .containsExactly(OrderState.PLACED, OrderState.CANCELLED);
        assertThat(model.letters().get("0@1").reason()).isEqualTo(ReferenceModel.ILLEGAL_TRANSITION);
        assertThat(model.letters().get("0@2").reason()).isEqualTo(ReferenceModel.VALIDATION);
        assertThat(model.held()).isEmpty();
    }

    @Test
    void aHeldEventThatWaitedTheWindowIsRejectedBeforeTheArrivingEventIsDecided() {
        model = model(Duration.ofMinutes(5), 8, 10_000);
        accept("o-1", Events.placed("o-1", "c-1").item("sku", 1, "5.00").build(), 0);
        InputRecord shipped = accept("o-1", Events.shipped("o-1", "c-1").build(), MINUTE);
        accept("o-1", Events.paid("o-1", "c-1").build(), 6 * MINUTE); // stream time reaches heldAt + 5 min

        assertThat(model.orders().get("o-1"))
                .extracting(status -> status.getStatus())
                .containsExactly(OrderState.PLACED, OrderState.PAID);
        assertThat(model.letters()).containsOnlyKeys(shipped.position());
        assertThat(model.letters().get(shipped.position()).input()).isSameAs(shipped);
        assertThat(model.letters().get(shipped.position()).reason()).isEqualTo(ReferenceModel.ILLEGAL_TRANSITION);
    }

    @Test
    void aHeldEventReleasedJustInsideTheWindowIsApplied() {
        model = model(Duration.ofMinutes(5), 8, 10_000);
        accept("o-1", Events.placed("o-1", "c-1").item("sku", 1, "5.00").build(), 0);
        accept("o-1", Events.shipped("o-1", "c-1").build(), MINUTE);
        accept("o-1", Events.paid("o-1", "c-1").build(), 6 * MINUTE - 1);

        assertThat(model.orders().get("o-1")).hasSize(3);
        assertThat(model.letters()).isEmpty();
    }

    @Test
    void onlyAnEventReachingTheStateMachineExpiresHeldOnes() {
        model = model(Duration.ofMinutes(5), 8, 10_000);
        InputRecord early = accept("o-1", Events.paid("o-1", "c-1").build(), 0);
        accept("o-2", (byte[]) null, 10 * MINUTE); // a tombstone moves stream time, but is rejected before
        accept("o-1", Events.paid("o-1", "c-1").build(), 10 * MINUTE); // a copy: dropped by dedup
        assertThat(model.held()).containsOnlyKeys(0);
        assertThat(model.outcomes()).containsEntry(ReferenceModel.HELD, 1L).containsEntry("duplicate dropped", 1L);

        accept("o-3", Events.placed("o-3", "c-3").item("sku", 1, "5.00").build(), 10 * MINUTE);

        assertThat(model.letters()).containsKey(early.position());
        assertThat(model.held()).isEmpty();
    }

    @Test
    void expiredEventsAreRejectedByOrderIdThenArrival() {
        model = model(Duration.ofMinutes(5), 8, 10_000);
        accept("o-2", Events.paid("o-2", "c-1").build(), 0);
        accept("o-1", Events.shipped("o-1", "c-1").build(), 0);
        accept("o-1", Events.paid("o-1", "c-1").build(), 0);
        accept("o-3", Events.placed("o-3", "c-1").item("sku", 1, "5.00").build(), 5 * MINUTE);

        assertThat(model.letters().keySet()).containsExactly("0@1", "0@2", "0@0");
    }

    @Test
    void oneEventOverABoundIsIllegalAtOnce() {
        model = model(Duration.ofMinutes(5), 2, 3);
        accept("o-1", Events.paid("o-1", "c-1").build(), 0);
        accept("o-1", Events.shipped("o-1", "c-1").build(), 0);
        accept("o-1", Events.delivered("o-1", "c-1").build(), 0); // the order holds 2 already
        accept("o-2", Events.paid("o-2", "c-1").build(), 0);
        accept("o-3", Events.paid("o-3", "c-1").build(), 0); // the partition holds 3 already
        accept("o-4", Events.paid("o-4", "c-1").build(), 0, 1); // another partition has room

        assertThat(model.letters()).containsOnlyKeys("0@2", "0@4");
        assertThat(model.outcomes()).containsEntry(ReferenceModel.HELD, 4L);
        assertThat(model.held()).containsOnlyKeys(0, 1);
    }

    @Test
    void aCopyOfAHeldEventIsADuplicate() {
        model = model(Duration.ofMinutes(5), 8, 10_000);
        OrderEvent paid = Events.paid("o-1", "c-1").build();
        accept("o-1", paid, 0);
        accept("o-1", paid, 0);
        accept("o-1", Events.placed("o-1", "c-1").item("sku", 1, "5.00").build(), 0);

        assertThat(model.outcomes()).containsEntry("duplicate dropped", 1L).containsEntry("applied", 2L);
        assertThat(model.letters()).isEmpty();
    }

    @Test
    void aReplayedLetterIsDecidedAgainWhileAPlainCopyIsADuplicate() {
        OrderEvent shipped = Events.shipped("o-1", "c-1").build();
        accept("o-1", Events.placed("o-1", "c-1").item("sku", 1, "5.00").build(), 0);
        accept("o-1", shipped, 0); // skips PAID: a dead letter
        accept("o-1", Events.paid("o-1", "c-1").build(), 0);
        accept("o-1", shipped, 0); // a plain copy: a duplicate, not a second letter
        model.accept(new InputRecord(0, offset++, 0, "o-1".getBytes(UTF_8), SERDE.serialize(null, shipped), true));

        assertThat(model.orders().get("o-1"))
                .extracting(status -> status.getStatus())
                .containsExactly(OrderState.PLACED, OrderState.PAID, OrderState.SHIPPED);
        assertThat(model.outcomes())
                .containsEntry("duplicate dropped", 1L)
                .containsEntry("dead letter ILLEGAL_TRANSITION", 1L)
                .containsEntry("applied", 3L);
    }

    @Test
    void aReplayWithAnotherPayloadIsStillAConflict() {
        accept("o-1", Events.placed("o-1", "c-1").item("sku", 1, "5.00").build(), 0);
        OrderEvent other = Events.placed("o-1", "c-1").item("sku", 2, "5.00").build();
        model.accept(new InputRecord(0, offset++, 0, "o-1".getBytes(UTF_8), SERDE.serialize(null, other), true));

        assertThat(model.outcomes()).containsEntry("dead letter EVENT_ID_CONFLICT", 1L);
    }

    private static ReferenceModel model(Duration reorderWindow, int maxPerOrder, int maxHeld) {
        return new ReferenceModel(
                Duration.ofDays(7),
                1_000,
                new OrdersConfig.Reorder(reorderWindow, maxPerOrder, maxHeld, Duration.ofHours(1)));
    }

    private InputRecord accept(String key, OrderEvent event, long timestamp) {
        return accept(key, SERDE.serialize(null, event), timestamp);
    }

    private InputRecord accept(String key, OrderEvent event, long timestamp, int partition) {
        InputRecord record = new InputRecord(
                partition, offset++, timestamp, key.getBytes(UTF_8), SERDE.serialize(null, event), false);
        model.accept(record);
        return record;
    }

    private InputRecord accept(String key, byte[] value, long timestamp) {
        InputRecord record = new InputRecord(0, offset++, timestamp, key.getBytes(UTF_8), value, false);
        model.accept(record);
        return record;
    }
}
