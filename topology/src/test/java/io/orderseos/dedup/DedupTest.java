package io.orderseos.dedup;

import static io.orderseos.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderState;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Encodings;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dedup by (orderId, eventId) within a window of stream time; and duplicate intents. */
class DedupTest {
    private static final Duration WINDOW = Duration.ofHours(1);

    private final OrdersTestDriver orders =
            OrdersTestDriver.start(Map.of(OrdersConfig.DEDUP_WINDOW, WINDOW.toString()));

    @AfterEach
    void close() {
        orders.close();
    }

    @Test
    void duplicateWithinWindowIsDropped() {
        OrderEvent placed = placed().build();
        orders.send(placed);
        orders.send(placed.getOrderId(), placed, T0.plus(WINDOW).minusMillis(1));

        assertThat(orders.readOrderStatus()).hasSize(1);
        assertThat(orders.readCustomerStats()).hasSize(1);
        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.customer("c-1").getOrdersPlaced()).isEqualTo(1);
        assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
        assertThat(orders.counter(OrdersMetrics.APPLIED)).isEqualTo(1);
    }

    @Test
    void firstSightIsRememberedWithItsPayloadHash() {
        OrderEvent placed = placed().build();
        orders.send(placed);

        try (WindowStoreIterator<Long> entries = orders.dedupStore()
                .fetch(OrdersTestDriver.dedupKey("o-1", "o-1-placed"), Instant.EPOCH, T0.plus(WINDOW))) {
            KeyValue<Long, Long> entry = entries.next();
            assertThat(entry.key).as("firstSeen").isEqualTo(T0.toEpochMilli());
            assertThat(entry.value).isNotZero();
            assertThat(entries.hasNext()).isFalse();
        }
    }

    @Test
    void copyOfAnIllegalEventIsDroppedNotDeadLetteredAgain() {
        OrderEvent shipped = Events.shipped("o-1", "c-1").build();
        orders.send(shipped);
        orders.send(shipped);

        List<DeadLetter> letters = orders.readDeadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).reason()).isEqualTo(DeadLetterReason.ILLEGAL_TRANSITION);
        assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
    }

    @Test
    void sameEventIdAfterTheWindowExpiredIsProcessedAgain() {
        OrderEvent shipped = Events.shipped("o-1", "c-1").build();
        orders.send(shipped);
        // Another order's event moves stream time to exactly one window past the first sighting.
        orders.send(Events.placed("o-2", "c-2").item("sku-1", 1, "1.00").at(T0.plus(WINDOW)));
        orders.send(shipped.getOrderId(), shipped, T0.plus(WINDOW));

        assertThat(orders.readDeadLetters())
                .extracting(DeadLetter::reason)
                .containsExactly(DeadLetterReason.ILLEGAL_TRANSITION, DeadLetterReason.ILLEGAL_TRANSITION);
        assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isZero();
    }

    @Test
    void anUndecodableRecordMovesStreamTimeToo() {
        OrderEvent shipped = Events.shipped("o-1", "c-1").build();
        orders.send(shipped);
        // Undecodable input is a dead letter, and like every input record it moves stream time.
        orders.sendRaw(
                "o-2".getBytes(StandardCharsets.UTF_8),
                new byte[] {1},
                T0.plus(WINDOW).toEpochMilli(),
                null);
        orders.send(shipped.getOrderId(), shipped, T0.plus(WINDOW));

        assertThat(orders.readDeadLetters())
                .extracting(DeadLetter::reason)
                .containsExactly(
                        DeadLetterReason.ILLEGAL_TRANSITION,
                        DeadLetterReason.DESERIALIZATION,
                        DeadLetterReason.ILLEGAL_TRANSITION);
        assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isZero();
    }

    @Test
    void lateCopyIsStillADuplicate() {
        OrderEvent placed = placed().at(T0.plus(Duration.ofMinutes(30))).build();
        orders.send(placed);
        // Same event, record timestamp far behind stream time: the window is measured from first sight.
        orders.send(placed.getOrderId(), placed, T0);

        assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
        assertThat(orders.readOrderStatus()).hasSize(1);
    }

    @Test
    void sameEventIdWithDifferentPayloadIsEventIdConflict() {
        orders.send(placed());
        OrderEvent other = placed().item("sku-9", 1, "1.00").build();
        orders.send(other);

        DeadLetter letter = orders.readDeadLetters().get(0);
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.EVENT_ID_CONFLICT);
        assertThat(letter.detail())
                .contains("event ID o-1-placed of order o-1 was seen before with a different payload");
        assertThat(letter.value()).isEqualTo(orders.encode(other));
        assertThat(orders.order("o-1").getAmount()).isEqualByComparingTo("10.00");
        assertThat(orders.readCustomerStats()).hasSize(1);

        orders.send(Events.paid("o-1", "c-1").at(T0.plusSeconds(1)));
        assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.PAID);
    }

    @Test
    void sameEventIdInAnotherOrderIsNotADuplicate() {
        orders.send(placed().eventId("e-1"));
        orders.send(Events.placed("o-2", "c-1").eventId("e-1").item("sku-1", 1, "1.00"));

        assertThat(orders.order("o-2")).isNotNull();
        assertThat(orders.readDeadLetters()).isEmpty();
    }

    @Test
    void sameEventWrittenWithAnOlderSchemaVersionIsADuplicate() {
        orders.send(placed());
        OrderEvent paid = Events.paid("o-1", "c-1").at(T0.plusSeconds(1)).build();
        orders.send(paid);
        byte[] v1 = Encodings.encode(
                paid,
                AvroSerde.orderEvents(Integer.MAX_VALUE).versions().history().get(0));
        orders.sendRaw(
                "o-1".getBytes(StandardCharsets.UTF_8), v1, T0.plusSeconds(2).toEpochMilli(), null);

        assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
        assertThat(orders.readDeadLetters()).isEmpty();
    }

    @Test
    void sameStatusUnderNewEventIdIsIgnoredAsDuplicateIntent() {
        orders.send(placed());
        orders.send(Events.paid("o-1", "c-1").eventId("pay-1").at(T0.plusSeconds(1)));
        orders.send(Events.paid("o-1", "c-1").eventId("pay-2-retry").at(T0.plusSeconds(2)));

        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.counter(OrdersMetrics.DUPLICATE_INTENTS)).isEqualTo(1);
        assertThat(orders.order("o-1").getLastEventId()).isEqualTo("pay-1");
        assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.PAID);
        assertThat(orders.customer("c-1").getOrdersPaid()).isEqualTo(1);
        assertThat(orders.readOrderStatus()).hasSize(2);
    }

    private static Events.Builder placed() {
        return Events.placed("o-1", "c-1").item("sku-1", 2, "5.00");
    }
}
