package io.orderseos.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.schemas.OrderState;
import org.junit.jupiter.api.Test;

/** The example in docs/testing.md, kept compiling and passing here. */
class HarnessExampleTest {

    @Test
    void paidOrderIsPaidAndASkippedStepIsDeadLettered() {
        try (OrdersTestDriver orders = OrdersTestDriver.start()) {
            orders.send(Events.placed("o-1", "c-1").item("sku-1", 2, "5.00"));
            orders.send(Events.paid("o-1", "c-1").at(Events.T0.plusSeconds(5)));
            orders.send(Events.delivered("o-1", "c-1").at(Events.T0.plusSeconds(9)));

            assertThat(orders.order("o-1").getStatus()).isEqualTo(OrderState.PAID);
            assertThat(orders.customer("c-1").getPaidAmount()).containsKey("EUR");
            assertThat(orders.readDeadLetters())
                    .singleElement()
                    .extracting(DeadLetter::reason)
                    .isEqualTo(DeadLetterReason.ILLEGAL_TRANSITION);
        }
    }
}
