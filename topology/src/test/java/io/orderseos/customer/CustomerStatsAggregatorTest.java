package io.orderseos.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerStatsAggregatorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static OrderTransition transition(OrderState previous, OrderState status, String amount, int minute) {
        return transition(previous, status, amount, "EUR", minute);
    }

    private static OrderTransition transition(
            OrderState previous, OrderState status, String amount, String currency, int minute) {
        OrderStatus order = OrderStatus.newBuilder()
                .setOrderId("o-1")
                .setCustomerId("c-1")
                .setStatus(status)
                .setAmount(new BigDecimal(amount))
                .setCurrency(currency)
                .setPlacedAt(T0)
                .setUpdatedAt(T0.plusSeconds(60L * minute))
                .setLastEventId("o-1-" + status)
                .build();
        return OrderTransition.newBuilder()
                .setPrevious(previous)
                .setOrder(order)
                .build();
    }

    @Test
    void foldsAnOrdersLifeAndRefundsAPaidCancellation() {
        CustomerStats placed = CustomerStatsAggregator.apply(null, transition(null, OrderState.PLACED, "10.00", 0));
        CustomerStats paid =
                CustomerStatsAggregator.apply(placed, transition(OrderState.PLACED, OrderState.PAID, "10.00", 1));
        CustomerStats cancelled =
                CustomerStatsAggregator.apply(paid, transition(OrderState.PAID, OrderState.CANCELLED, "10.00", 2));

        assertThat(cancelled.getCustomerId()).isEqualTo("c-1");
        assertThat(cancelled.getOrdersPlaced()).isEqualTo(1);
        assertThat(cancelled.getOrdersPaid()).isEqualTo(1);
        assertThat(cancelled.getOrdersCancelled()).isEqualTo(1);
        assertThat(cancelled.getPlacedAmount()).isEqualTo(Map.of("EUR", new BigDecimal("10.00")));
        assertThat(cancelled.getPaidAmount()).isEqualTo(Map.of("EUR", new BigDecimal("0.00")));
        assertThat(cancelled.getLastEventAt()).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void leavesTheCurrentStatisticsAsTheyWere() {
        CustomerStats placed = CustomerStatsAggregator.apply(null, transition(null, OrderState.PLACED, "10.00", 0));
        CustomerStats placedBefore = CustomerStats.newBuilder(placed).build();

        CustomerStats paid =
                CustomerStatsAggregator.apply(placed, transition(OrderState.PLACED, OrderState.PAID, "10.00", 1));
        CustomerStats paidBefore = CustomerStats.newBuilder(paid).build();
        CustomerStatsAggregator.apply(placed, transition(OrderState.PLACED, OrderState.PLACED, "5.00", 2));
        // paid shares the map of placed amounts it did not change; a later fold changes neither
        CustomerStats placedAgain = CustomerStatsAggregator.apply(paid, transition(null, OrderState.PLACED, "5.00", 3));
        CustomerStatsAggregator.apply(paid, transition(OrderState.PAID, OrderState.CANCELLED, "10.00", 4));

        assertThat(placed).isEqualTo(placedBefore);
        assertThat(paid).isEqualTo(paidBefore);
        assertThat(paid.getPaidAmount()).isEqualTo(Map.of("EUR", new BigDecimal("10.00")));
        assertThat(placedAgain.getPlacedAmount()).isEqualTo(Map.of("EUR", new BigDecimal("15.00")));
    }

    @Test
    void keepsATotalPerCurrency() {
        CustomerStats stats = CustomerStatsAggregator.apply(null, transition(null, OrderState.PLACED, "10.00", 0));
        stats = CustomerStatsAggregator.apply(stats, transition(null, OrderState.PLACED, "2.50", "USD", 1));
        CustomerStats twoCurrencies = stats;
        stats = CustomerStatsAggregator.apply(stats, transition(null, OrderState.PLACED, "0.01", 2));
        stats = CustomerStatsAggregator.apply(stats, transition(OrderState.PLACED, OrderState.PAID, "2.50", "USD", 3));
        stats = CustomerStatsAggregator.apply(
                stats, transition(OrderState.PAID, OrderState.CANCELLED, "2.50", "USD", 4));

        assertThat(stats.getPlacedAmount())
                .isEqualTo(Map.of("EUR", new BigDecimal("10.01"), "USD", new BigDecimal("2.50")));
        assertThat(stats.getPaidAmount()).isEqualTo(Map.of("USD", new BigDecimal("0.00")));
        assertThat(twoCurrencies.getPlacedAmount())
                .isEqualTo(Map.of("EUR", new BigDecimal("10.00"), "USD", new BigDecimal("2.50")));
    }
}
