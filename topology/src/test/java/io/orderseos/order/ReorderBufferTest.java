package io.orderseos.order;

import static io.orderseos.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events out of order through the whole topology, with {@code orders.reorder.window} at five
 * minutes: an early event is held, applied when the step before it arrives, and a dead letter (the
 * input record as it arrived) when the window passes without it.
 */
class ReorderBufferTest {
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private OrdersTestDriver orders = start(Map.of());

    @AfterEach
    void close() {
        orders.close();
    }

    @Test
    void anEventBeforeItsOrderIsHeldThenAppliedAfterIt() {
        orders.send(Events.paid("o-1", "c-1").at(T0));

        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.order("o-1")).isNull();
        assertThat(orders.reorderCounts().held()).isEqualTo(1);

        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "10.00").at(T0.plusSeconds(1)));

        assertThat(orders.reorderCounts().held()).isZero();
        assertThat(orders.reorderCounts().releasedCount()).isEqualTo(1);
        assertThat(statuses()).containsExactly(OrderState.PLACED, OrderState.PAID);
        assertThat(orders.order("o-1").getLastEventId()).isEqualTo("o-1-paid");
        assertThat(orders.readCustomerStats().get(1).value.getOrdersPaid()).isEqualTo(1);
        assertThat(orders.counter(OrdersMetrics.APPLIED)).isEqualTo(2);
    }

    @Test
    void heldEventsAreAppliedInTheOrderOfTheirStepsWhateverTheOrderTheyArrived() {
        orders.send(Events.delivered("o-1", "c-1").at(T0));
        orders.send(Events.shipped("o-1", "c-1").at(T0));
        orders.send(Events.paid("o-1", "c-1").at(T0));
        assertThat(orders.readOrderStatus()).isEmpty();

        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "10.00").at(T0.plusSeconds(1)));

        assertThat(statuses())
                .containsExactly(OrderState.PLACED, OrderState.PAID, OrderState.SHIPPED, OrderState.DELIVERED);
        assertThat(orders.readDeadLetters()).isEmpty();
    }

    @Test
    void aStepTwoAheadWaitsForTheOneBetween() {
        placed("o-1");
        orders.send(Events.shipped("o-1", "c-1").at(T0.plusSeconds(2)));
        assertThat(statuses()).containsExactly(OrderState.PLACED);

        orders.send(Events.paid("o-1", "c-1").at(T0.plusSeconds(3)));

        assertThat(statuses()).containsExactly(OrderState.PAID, OrderState.SHIPPED);
    }

    @Test
    void amongCompetingHeldEventsTheFirstToArriveWinsAndTheOtherIsDecidedThen() {
        orders.send(Events.cancelled("o-1", "c-1").at(T0));
        orders.send(Events.paid("o-1", "c-1").at(T0));

        placed("o-1");

        assertThat(statuses()).containsExactly(OrderState.PLACED, OrderState.CANCELLED);
        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.ILLEGAL_TRANSITION);
        assertThat(letter.detail()).isEqualTo("order o-1 is CANCELLED: PAID cannot follow");
    }

    @Test
    void aHeldEventNamingAnotherCustomerIsAValidationLetterWhenItsOrderArrives() {
        orders.send(Events.paid("o-1", "c-2").at(T0));

        placed("o-1");

        assertThat(statuses()).containsExactly(OrderState.PLACED);
        assertThat(onlyDeadLetter().reason()).isEqualTo(DeadLetterReason.VALIDATION);
    }

    @Test
    void aSecondHeldEventForTheSameStepIsADuplicateIntentWhenReleased() {
        orders.send(Events.paid("o-1", "c-1").eventId("pay-1").at(T0));
        orders.send(Events.paid("o-1", "c-1").eventId("pay-2").at(T0));

        placed("o-1");

        assertThat(statuses()).containsExactly(OrderState.PLACED, OrderState.PAID);
        assertThat(orders.order("o-1").getLastEventId()).isEqualTo("pay-1");
        assertThat(orders.counter(OrdersMetrics.DUPLICATE_INTENTS)).isEqualTo(1);
        assertThat(orders.readDeadLetters()).isEmpty();
    }

    @Test
    void anEventStillWaitingWhenTheWindowHasPassedIsTheInputRecordAsADeadLetter() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8)));
        byte[] value = orders.encode(Events.paid("o-1", "c-1").at(T0).build());
        orders.sendRaw("o-1".getBytes(StandardCharsets.UTF_8), value, T0.toEpochMilli(), headers);

        placed("o-2", T0.plus(WINDOW).minusMillis(1));
        assertThat(orders.readDeadLetters()).isEmpty();
        placed("o-3", T0.plus(WINDOW));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.ILLEGAL_TRANSITION);
        assertThat(letter.detail())
                .isEqualTo("order o-1: PAID waited PT5M of stream time for PLACED, which did not arrive");
        assertThat(letter.key()).isEqualTo("o-1".getBytes(StandardCharsets.UTF_8));
        assertThat(letter.value()).isEqualTo(value);
        assertThat(letter.header("trace")).isEqualTo("t-1");
        assertThat(letter.header(DeadLetters.TOPIC)).isEqualTo("orders");
        assertThat(letter.header(DeadLetters.OFFSET)).isEqualTo("0");
        assertThat(letter.timestamp()).isEqualTo(T0);
        assertThat(orders.deadLetterCount(DeadLetterReason.ILLEGAL_TRANSITION)).isEqualTo(1);
        assertThat(orders.reorderCounts().expiredCount()).isEqualTo(1);
        assertThat(orders.reorderCounts().held()).isZero();

        placed("o-1", T0.plus(WINDOW).plusSeconds(1));
        assertThat(statuses()).containsExactly(OrderState.PLACED, OrderState.PLACED, OrderState.PLACED);
    }

    @Test
    void theExpiryComesBeforeTheEventThatCarriesStreamTimePastIt() {
        orders.send(Events.paid("o-1", "c-1").at(T0));

        placed("o-1", T0.plus(WINDOW));

        assertThat(onlyDeadLetter().reason()).isEqualTo(DeadLetterReason.ILLEGAL_TRANSITION);
        assertThat(statuses()).containsExactly(OrderState.PLACED);
    }

    @Test
    void aPartitionWhoseStreamTimeStandsStillReleasesItsEventsAfterTheWallClockBound() {
        orders.close();
        orders = start(Map.of(OrdersConfig.REORDER_WALL_MAX, "PT10M"));
        orders.send(Events.paid("o-1", "c-1").at(T0));

        orders.driver().advanceWallClockTime(Duration.ofMinutes(9));
        assertThat(orders.readDeadLetters()).isEmpty();
        orders.driver().advanceWallClockTime(Duration.ofMinutes(2));

        assertThat(onlyDeadLetter().detail())
                .isEqualTo("order o-1: PAID waited PT10M of wall-clock time (its partition's stream time stood still)"
                        + " for PLACED, which did not arrive");
    }

    @Test
    void aCopyOfAHeldEventIsADuplicate() {
        orders.send(Events.paid("o-1", "c-1").at(T0));
        orders.send(Events.paid("o-1", "c-1").at(T0));

        placed("o-1");

        assertThat(statuses()).containsExactly(OrderState.PLACED, OrderState.PAID);
        assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
    }

    @Test
    void anOrderHoldsAtMostItsBoundAndOneMoreIsRejectedAtOnce() {
        orders.close();
        orders = start(Map.of(OrdersConfig.REORDER_MAX_PER_ORDER, "2"));
        orders.send(Events.paid("o-1", "c-1").eventId("e-1").at(T0));
        orders.send(Events.paid("o-1", "c-1").eventId("e-2").at(T0));
        assertThat(orders.readDeadLetters()).isEmpty();

        orders.send(Events.paid("o-1", "c-1").eventId("e-3").at(T0));

        assertThat(onlyDeadLetter().detail())
                .isEqualTo("order o-1 is unknown: its first event must be PLACED, not PAID; not held: 2 events of this"
                        + " order are held already (orders.reorder.max.per.order)");
    }

    @Test
    void aPartitionHoldsAtMostItsBound() {
        orders.close();
        orders = start(Map.of(OrdersConfig.REORDER_MAX_HELD, "2"));
        orders.send(Events.paid("o-1", "c-1").at(T0));
        orders.send(Events.paid("o-2", "c-1").at(T0));

        orders.send(Events.paid("o-3", "c-1").at(T0));

        assertThat(onlyDeadLetter().detail())
                .endsWith("; not held: partition 0 holds 2 events already" + " (orders.reorder.max.held)");
        placed("o-1");
        orders.send(Events.paid("o-4", "c-1").at(T0.plusSeconds(2)));
        assertThat(orders.readDeadLetters()).as("o-1's release made room").isEmpty();
    }

    @Test
    void aReplayedDeadLetterIsDecidedAgainWhileAPlainCopyStaysADuplicate() {
        orders.close();
        orders = start(Map.of(OrdersConfig.REORDER_WINDOW, "PT0S"));
        byte[] paid = orders.encode(Events.paid("o-1", "c-1").at(T0).build());
        byte[] key = "o-1".getBytes(StandardCharsets.UTF_8);
        orders.sendRaw(key, paid, T0.toEpochMilli(), null);
        assertThat(onlyDeadLetter().reason()).isEqualTo(DeadLetterReason.ILLEGAL_TRANSITION);
        placed("o-1");

        orders.sendRaw(key, paid, T0.plusSeconds(2).toEpochMilli(), null);
        assertThat(orders.readDeadLetters()).as("a plain copy").isEmpty();
        assertThat(statuses()).containsExactly(OrderState.PLACED);

        RecordHeaders replay = new RecordHeaders();
        replay.add(new RecordHeader(DeadLetters.REPLAY_ORIGIN, "orders-dlq-0@0".getBytes(StandardCharsets.UTF_8)));
        orders.sendRaw(key, paid, T0.plusSeconds(3).toEpochMilli(), replay);

        assertThat(statuses()).containsExactly(OrderState.PAID);
        assertThat(orders.readDeadLetters()).isEmpty();
    }

    @Test
    void withTheWindowAtZeroAnEarlyEventIsIllegalAtOnceAndNoBufferIsBuilt() {
        orders.close();
        orders = start(Map.of(OrdersConfig.REORDER_WINDOW, "PT0S"));

        orders.send(Events.paid("o-1", "c-1").at(T0));

        assertThat(onlyDeadLetter().detail())
                .isEqualTo("order o-1 is unknown: its first event must be PLACED, not PAID");
        assertThat(orders.driver().getAllStateStores()).doesNotContainKey(OrderStateProcessor.BUFFER_STORE);
    }

    private static OrdersTestDriver start(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(OrdersConfig.REORDER_WINDOW, WINDOW.toString()));
        settings.putAll(overrides);
        return OrdersTestDriver.start(settings);
    }

    private void placed(String orderId) {
        placed(orderId, T0.plusSeconds(1));
    }

    private void placed(String orderId, Instant at) {
        orders.send(Events.placed(orderId, "c-1").item("sku-1", 1, "10.00").at(at));
    }

    private List<OrderState> statuses() {
        return orders.readOrderStatus().stream()
                .map(kv -> kv.value)
                .map(OrderStatus::getStatus)
                .toList();
    }

    private DeadLetter onlyDeadLetter() {
        List<DeadLetter> letters = orders.readDeadLetters();
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }
}
