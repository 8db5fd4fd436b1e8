package io.orderseos.time;

import static io.orderseos.testing.Events.T0;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A record timestamp far in the future must not move stream time there: the dedup window is
 * measured in stream time, and would expire every event ID at once. Such a timestamp counts as the
 * wall clock plus {@code orders.timestamp.max.future}; the record itself is processed unchanged.
 */
class FutureTimestampTest {
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Instant NOW = T0.plusSeconds(60);
    private static final Duration ALLOWANCE = Duration.ofMinutes(15);
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");

    private final OrdersTestDriver orders = OrdersTestDriver.start(
            OrdersConfig.of(Map.of(OrdersConfig.DEDUP_WINDOW, WINDOW.toString())), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        orders.close();
    }

    @Test
    void farFutureRecordDoesNotExpireTheDedupWindowOfEarlierEvents() {
        OrderEvent first = Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").build();
        orders.send(first);
        orders.send(Events.placed("o-2", "c-2").item("sku-1", 1, "1.00").at(FAR_FUTURE));
        // Unclamped, stream time would now be 2100 and this copy would pass dedup as a new event.
        orders.send(first);

        assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
        assertThat(orders.counter(OrdersMetrics.DUPLICATE_INTENTS)).isZero();
        assertThat(orders.counter(OrdersMetrics.APPLIED)).isEqualTo(2);
        try (WindowStoreIterator<Long> entry =
                orders.dedupStore().fetch(OrdersTestDriver.dedupKey("o-1", "o-1-placed"), Instant.EPOCH, FAR_FUTURE)) {
            assertThat(entry.hasNext()).as("o-1's dedup entry is still there").isTrue();
        }
        assertThat(orders.timestampsClamped()).isEqualTo(1);
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void farFutureRecordIsAppliedAtTheClampedTimeWithItsOccurredAtUnchanged() {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").at(FAR_FUTURE));

        List<TestRecord<String, OrderStatus>> statuses = orders.readOrderStatusRecords();
        assertThat(statuses).singleElement().satisfies(status -> {
            assertThat(status.getRecordTime()).isEqualTo(NOW.plus(ALLOWANCE));
            assertThat(status.value().getPlacedAt()).isEqualTo(FAR_FUTURE);
            assertThat(status.value().getStatus()).isEqualTo(OrderState.PLACED);
        });
        assertThat(orders.customer("c-1").getLastEventAt()).isEqualTo(FAR_FUTURE);
        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.timestampsClamped()).isEqualTo(1);
    }

    @Test
    void timestampWithinTheAllowanceIsKept() {
        Instant latest = NOW.plus(ALLOWANCE);
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").at(latest));

        assertThat(orders.readOrderStatusRecords())
                .singleElement()
                .extracting(TestRecord::getRecordTime)
                .isEqualTo(latest);
        assertThat(orders.timestampsClamped()).isZero();
    }

    @Test
    void farFutureOccurredAtStandingInForANegativeTimestampIsClampedToo() {
        OrderEvent placed = Events.placed("o-1", "c-1")
                .item("sku-1", 1, "1.00")
                .at(FAR_FUTURE)
                .build();
        orders.sendRaw("o-1".getBytes(UTF_8), orders.encode(placed), -1L, null);

        assertThat(orders.readOrderStatusRecords())
                .singleElement()
                .extracting(TestRecord::getRecordTime)
                .isEqualTo(NOW.plus(ALLOWANCE));
        assertThat(orders.timestampsClamped()).isEqualTo(1);
    }

    @Test
    void deadLetterOfAnUndecodableFarFutureRecordIsStampedNoLaterThanABrokerAccepts() {
        orders.sendRaw("o-1".getBytes(UTF_8), new byte[] {1, 2, 3}, FAR_FUTURE.toEpochMilli(), null);

        List<DeadLetter> letters = orders.readDeadLetters();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.timestamp()).isEqualTo(NOW.plus(ALLOWANCE));
            assertThat(letter.header(io.orderseos.deadletter.DeadLetters.OFFSET))
                    .isEqualTo("0");
        });
        assertThat(orders.processesTheNextGoodRecord()).isTrue();
    }

    @Test
    void allowanceIsConfigurable() {
        try (OrdersTestDriver hour = OrdersTestDriver.start(
                OrdersConfig.of(Map.of(OrdersConfig.TIMESTAMP_MAX_FUTURE, "PT1H")), Clock.fixed(NOW, ZoneOffset.UTC))) {
            hour.send(Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").at(NOW.plus(Duration.ofMinutes(59))));
            hour.send(Events.placed("o-2", "c-1").item("sku-1", 1, "1.00").at(FAR_FUTURE));

            assertThat(hour.readOrderStatusRecords())
                    .extracting(TestRecord::getRecordTime)
                    .containsExactly(NOW.plus(Duration.ofMinutes(59)), NOW.plus(Duration.ofHours(1)));
            assertThat(hour.timestampsClamped()).isEqualTo(1);
        }
    }
}
