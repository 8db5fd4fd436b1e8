package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecificRecordsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void copiesEveryFieldByReference() {
        OrderStatus status = OrderStatus.newBuilder()
                .setOrderId("o-1")
                .setCustomerId("c-1")
                .setStatus(OrderState.PAID)
                .setAmount(new BigDecimal("12.50"))
                .setCurrency("EUR")
                .setPlacedAt(T0)
                .setUpdatedAt(T0.plusSeconds(60))
                .setLastEventId("o-1-paid")
                .build();

        OrderStatus copy = SpecificRecords.copyInto(status, new OrderStatus());

        assertThat(copy).isEqualTo(status).isNotSameAs(status);
        for (int i = 0; i < OrderStatus.getClassSchema().getFields().size(); i++) {
            assertThat(copy.get(i)).as("field %d", i).isSameAs(status.get(i));
        }
    }

    @Test
    void everyFieldOfAWiderRecordToo() {
        CustomerStats stats = CustomerStats.newBuilder()
                .setCustomerId("c-1")
                .setOrdersPlaced(1)
                .setOrdersPaid(2)
                .setOrdersShipped(3)
                .setOrdersDelivered(4)
                .setOrdersCancelled(5)
                .setPlacedAmount(new HashMap<>(Map.of("EUR", new BigDecimal("1.00"))))
                .setPaidAmount(new HashMap<>(Map.of("USD", new BigDecimal("2.00"))))
                .setLastEventAt(T0)
                .build();

        assertThat(SpecificRecords.copyInto(stats, new CustomerStats())).isEqualTo(stats);
    }
}
