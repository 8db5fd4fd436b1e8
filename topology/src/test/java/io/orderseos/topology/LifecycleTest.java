package io.orderseos.topology;

import static io.orderseos.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The happy path: every legal transition, and what it does to order-status and customer-stats. */
class LifecycleTest {
    private final OrdersTestDriver orders = OrdersTestDriver.start();

    @AfterEach
    void close() {
        orders.close();
    }

    @Test
    void placedOrderIsStoredAndPublished() {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 2, "5.00").item("sku-2", 1, "2.50"));

        OrderStatus expected = OrderStatus.newBuilder()
                .setOrderId("o-1")
                .setCustomerId("c-1")
                .setStatus(OrderState.PLACED)
                .setAmount(new BigDecimal("12.50"))
                .setCurrency("EUR")
                .setPlacedAt(T0)
                .setUpdatedAt(T0)
                .setLastEventId("o-1-placed")
                .build();
        assertThat(orders.readOrderStatus()).containsExactly(KeyValue.pair("o-1", expected));
        assertThat(orders.order("o-1")).isEqualTo(expected);
        assertThat(orders.readDeadLetters()).isEmpty();
    }

    @Test
    void placedOrderStartsCustomerStats() {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 2, "5.00"));

        CustomerStats expected = CustomerStats.newBuilder()
                .setCustomerId("c-1")
                .setOrdersPlaced(1)
                .setPlacedAmount(Map.of("EUR", new BigDecimal("10.00")))
                .setPaidAmount(Map.of())
                .setLastEventAt(T0)
                .build();
        assertThat(orders.readCustomerStats()).containsExactly(KeyValue.pair("c-1", expected));
        assertThat(orders.customer("c-1")).isEqualTo(expected);
    }

    @Test
    void orderWalksTheMainPathToDelivered() {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "20.00"));
        orders.send(Events.paid("o-1", "c-1").at(T0.plusSeconds(1)));
        orders.send(Events.shipped("o-1", "c-1").at(T0.plusSeconds(2)));
        orders.send(Events.delivered("o-1", "c-1").at(T0.plusSeconds(3)));

        assertThat(orders.readOrderStatus())
                .extracting(kv -> kv.value.getStatus())
                .containsExactly(OrderState.PLACED, OrderState.PAID, OrderState.SHIPPED, OrderState.DELIVERED);
        OrderStatus delivered = orders.order("o-1");
        assertThat(delivered.getStatus()).isEqualTo(OrderState.DELIVERED);
        assertThat(delivered.getPlacedAt()).isEqualTo(T0);
        assertThat(delivered.getUpdatedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(delivered.getLastEventId()).isEqualTo("o-1-delivered");
        assertThat(delivered.getAmount()).isEqualByComparingTo("20.00");

        CustomerStats stats = orders.customer("c-1");
        assertThat(List.of(
                        stats.getOrdersPlaced(),
                        stats.getOrdersPaid(),
                        stats.getOrdersShipped(),
                        stats.getOrdersDelivered(),
                        stats.getOrdersCancelled()))
                .containsExactly(1L, 1L, 1L, 1L, 0L);
        assertThat(stats.getPaidAmount()).containsExactly(Map.entry("EUR", new BigDecimal("20.00")));
        assertThat(stats.getLastEventAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(orders.readCustomerStats()).hasSize(4);
    }

    @Test
    void cancellingPlacedOrderKeepsPlacedAmountAndPaysNothingBack() {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "20.00"));
        orders.send(Events.cancelled("o-1", "c-1").at(T0.plusSeconds(1)));

        assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.CANCELLED);
        CustomerStats stats = orders.customer("c-1");
        assertThat(stats.getOrdersPlaced()).isEqualTo(1);
        assertThat(stats.getOrdersCancelled()).isEqualTo(1);
        assertThat(stats.getPlacedAmount()).containsExactly(Map.entry("EUR", new BigDecimal("20.00")));
        assertThat(stats.getPaidAmount()).isEmpty();
    }

    @Test
    void cancellingPaidOrderRefundsPaidAmount() {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "20.00"));
        orders.send(Events.placed("o-2", "c-1").item("sku-1", 1, "5.00"));
        orders.send(Events.paid("o-1", "c-1").at(T0.plusSeconds(1)));
        orders.send(Events.paid("o-2", "c-1").at(T0.plusSeconds(1)));
        orders.send(Events.cancelled("o-1", "c-1").at(T0.plusSeconds(2)));

        CustomerStats stats = orders.customer("c-1");
        assertThat(stats.getOrdersPaid()).isEqualTo(2);
        assertThat(stats.getOrdersCancelled()).isEqualTo(1);
        assertThat(stats.getPaidAmount()).containsExactly(Map.entry("EUR", new BigDecimal("5.00")));
        assertThat(stats.getPlacedAmount()).containsExactly(Map.entry("EUR", new BigDecimal("25.00")));
        assertThat(orders.readOrderStatus()).last().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("o-1");
            assertThat(kv.value.getStatus()).isEqualTo(OrderState.CANCELLED);
        });
    }

    @Test
    void totalsAreKeptPerCurrency() {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "20.00"));
        orders.send(Events.placed("o-2", "c-1").item("sku-1", 3, "1.10").currency("USD"));
        orders.send(Events.placed("o-3", "c-1").item("sku-1", 1, "0.05"));

        assertThat(orders.customer("c-1").getPlacedAmount())
                .containsOnly(Map.entry("EUR", new BigDecimal("20.05")), Map.entry("USD", new BigDecimal("3.30")));
        assertThat(orders.customer("c-1").getOrdersPlaced()).isEqualTo(3);
    }

    @Test
    void customersAreAggregatedSeparately() {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "20.00"));
        orders.send(Events.placed("o-2", "c-2").item("sku-1", 1, "7.00"));

        assertThat(orders.customer("c-1").getPlacedAmount()).containsExactly(Map.entry("EUR", new BigDecimal("20.00")));
        assertThat(orders.customer("c-2").getPlacedAmount()).containsExactly(Map.entry("EUR", new BigDecimal("7.00")));
        assertThat(orders.readCustomerStats()).extracting(kv -> kv.key).containsExactly("c-1", "c-2");
    }

    @Test
    void lastEventAtNeverMovesBackwards() {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "1.00").at(T0.plus(Duration.ofHours(1))));
        orders.send(Events.placed("o-2", "c-1").item("sku-1", 1, "1.00").at(T0));

        assertThat(orders.customer("c-1").getLastEventAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }
}
