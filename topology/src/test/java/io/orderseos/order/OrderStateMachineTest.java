package io.orderseos.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.order.OrderStateMachine.Apply;
import io.orderseos.order.OrderStateMachine.Decision;
import io.orderseos.order.OrderStateMachine.DuplicateIntent;
import io.orderseos.order.OrderStateMachine.Early;
import io.orderseos.order.OrderStateMachine.Illegal;
import io.orderseos.order.OrderStateMachine.WrongCustomer;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.testing.Events;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole transition table, current state × event type, as the contract states it. EARLY names
 * the step the event waits for: held with {@code orders.reorder.window}, illegal without.
 */
class OrderStateMachineTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
        "NONE,      PLACED,    APPLY",
        "NONE,      PAID,      EARLY PLACED",
        "NONE,      SHIPPED,   EARLY PLACED",
        "NONE,      DELIVERED, EARLY PLACED",
        "NONE,      CANCELLED, EARLY PLACED",
        "PLACED,    PLACED,    DUPLICATE_INTENT",
        "PLACED,    PAID,      APPLY",
        "PLACED,    SHIPPED,   EARLY PAID",
        "PLACED,    DELIVERED, EARLY SHIPPED",
        "PLACED,    CANCELLED, APPLY",
        "PAID,      PLACED,    DUPLICATE_INTENT",
        "PAID,      PAID,      DUPLICATE_INTENT",
        "PAID,      SHIPPED,   APPLY",
        "PAID,      DELIVERED, EARLY SHIPPED",
        "PAID,      CANCELLED, APPLY",
        "SHIPPED,   PLACED,    DUPLICATE_INTENT",
        "SHIPPED,   PAID,      DUPLICATE_INTENT",
        "SHIPPED,   SHIPPED,   DUPLICATE_INTENT",
        "SHIPPED,   DELIVERED, APPLY",
        "SHIPPED,   CANCELLED, ILLEGAL",
        "DELIVERED, PLACED,    DUPLICATE_INTENT",
        "DELIVERED, PAID,      DUPLICATE_INTENT",
        "DELIVERED, SHIPPED,   DUPLICATE_INTENT",
        "DELIVERED, DELIVERED, DUPLICATE_INTENT",
        "DELIVERED, CANCELLED, ILLEGAL",
        "CANCELLED, PLACED,    ILLEGAL",
        "CANCELLED, PAID,      ILLEGAL",
        "CANCELLED, SHIPPED,   ILLEGAL",
        "CANCELLED, DELIVERED, ILLEGAL",
        "CANCELLED, CANCELLED, DUPLICATE_INTENT",
    })
    void transitionTable(String current, OrderEventType event, String expected) {
        OrderStatus status = current.equals("NONE") ? null : status(OrderState.valueOf(current));

        Decision decision =
                OrderStateMachine.decide(status, Events.of(event, "o-1", "c-1").build());

        switch (expected) {
            case "APPLY" -> {
                assertThat(decision).isInstanceOf(Apply.class);
                Apply apply = (Apply) decision;
                assertThat(apply.next().getStatus().name()).isEqualTo(event.name());
                assertThat(apply.previous()).isEqualTo(status == null ? null : status.getStatus());
            }
            case "DUPLICATE_INTENT" -> assertThat(decision).isInstanceOf(DuplicateIntent.class);
            case "ILLEGAL" -> assertThat(decision).isInstanceOf(Illegal.class);
            default -> {
                assertThat(expected).startsWith("EARLY ");
                assertThat(decision).isInstanceOf(Early.class);
                assertThat(((Early) decision).awaited().name()).isEqualTo(expected.substring("EARLY ".length()));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"PAID", "CANCELLED", "PLACED"})
    void eventNamingAnotherCustomerIsRejected(OrderEventType event) {
        Decision decision = OrderStateMachine.decide(
                status(OrderState.PLACED), Events.of(event, "o-1", "c-2").build());

        assertThat(decision).isInstanceOf(WrongCustomer.class);
    }

    private static OrderStatus status(OrderState state) {
        return OrderStatus.newBuilder()
                .setOrderId("o-1")
                .setCustomerId("c-1")
                .setStatus(state)
                .setAmount(new BigDecimal("10.00"))
                .setCurrency("EUR")
                .setPlacedAt(Events.T0)
                .setUpdatedAt(Events.T0)
                .setLastEventId("o-1-placed")
                .build();
    }
}
