package io.orderseos.order;

import static io.orderseos.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderState;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Illegal transitions through the whole topology: one dead letter, no state change, no output. */
class IllegalTransitionTest {
    private final OrdersTestDriver orders = OrdersTestDriver.start();

    @AfterEach
    void close() {
        orders.close();
    }

    @ParameterizedTest
    @EnumSource(value = OrderEventType.class, names = "PLACED", mode = EnumSource.Mode.EXCLUDE)
    void firstEventOtherThanPlacedIsIllegal(OrderEventType type) {
        orders.send(Events.of(type, "o-1", "c-1"));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.ILLEGAL_TRANSITION);
        assertThat(letter.detail()).isEqualTo("order o-1 is unknown: its first event must be PLACED, not " + type);
        assertThat(orders.order("o-1")).isNull();
        assertThat(orders.readOrderStatus()).isEmpty();
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({
        "PLACED,    SHIPPED,   skips a step",
        "PLACED,    DELIVERED, skips a step",
        "PAID,      DELIVERED, skips a step",
        "SHIPPED,   CANCELLED, too late to cancel",
        "DELIVERED, CANCELLED, too late to cancel",
        "CANCELLED, PAID,      CANCELLED: PAID cannot follow",
        "CANCELLED, SHIPPED,   CANCELLED: SHIPPED cannot follow",
        "CANCELLED, PLACED,    CANCELLED: PLACED cannot follow",
    })
    void illegalTransitionIsDeadLetteredAndChangesNothing(OrderState reached, OrderEventType next, String detail) {
        reach(reached);
        List<?> before = orders.readOrderStatus();
        orders.send(Events.of(next, "o-1", "c-1").eventId("late").at(T0.plusSeconds(60)));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.ILLEGAL_TRANSITION);
        assertThat(letter.detail()).contains(detail);
        assertThat(orders.order("o-1").getStatus()).isEqualTo(reached);
        assertThat(orders.readOrderStatus()).isEmpty();
        assertThat(before).isNotEmpty();
        assertThat(orders.deadLetterCount(DeadLetterReason.ILLEGAL_TRANSITION)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({"PLACED, PLACED", "SHIPPED, PAID", "DELIVERED, SHIPPED", "CANCELLED, CANCELLED"})
    void stepAlreadyTakenIsDuplicateIntent(OrderState reached, OrderEventType again) {
        reach(reached);
        orders.readOrderStatus();
        orders.send(Events.of(again, "o-1", "c-1").eventId("retry").at(T0.plusSeconds(60)));

        assertThat(orders.readDeadLetters()).isEmpty();
        assertThat(orders.readOrderStatus()).isEmpty();
        assertThat(orders.order("o-1").getStatus()).isEqualTo(reached);
        assertThat(orders.counter(OrdersMetrics.DUPLICATE_INTENTS)).isEqualTo(1);
    }

    @Test
    void eventNamingAnotherCustomerIsValidationError() {
        reach(OrderState.PLACED);
        orders.send(Events.paid("o-1", "c-2"));

        DeadLetter letter = onlyDeadLetter();
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.VALIDATION);
        assertThat(letter.detail()).isEqualTo("order o-1 belongs to customer c-1, the event names customer c-2");
        assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.PLACED);
    }

    @Test
    void goodRecordAfterAnIllegalTransitionIsProcessed() {
        orders.send(Events.shipped("o-1", "c-1"));
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "1.00"));

        assertThat(orders.readDeadLetters()).hasSize(1);
        assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.PLACED);
    }

    /** Walks order o-1 of customer c-1 to {@code state} along legal transitions. */
    private void reach(OrderState state) {
        orders.send(Events.placed("o-1", "c-1").item("sku-1", 1, "10.00"));
        List<OrderEventType> path =
                switch (state) {
                    case PLACED -> List.of();
                    case PAID -> List.of(OrderEventType.PAID);
                    case SHIPPED -> List.of(OrderEventType.PAID, OrderEventType.SHIPPED);
                    case DELIVERED -> List.of(OrderEventType.PAID, OrderEventType.SHIPPED, OrderEventType.DELIVERED);
                    case CANCELLED -> List.of(OrderEventType.CANCELLED);
                };
        for (int i = 0; i < path.size(); i++) {
            orders.send(Events.of(path.get(i), "o-1", "c-1").at(T0.plusSeconds(i + 1)));
        }
        assertThat(orders.order("o-1").getStatus()).isEqualTo(state);
        assertThat(orders.readDeadLetters()).isEmpty();
    }

    private DeadLetter onlyDeadLetter() {
        List<DeadLetter> letters = orders.readDeadLetters();
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }
}
