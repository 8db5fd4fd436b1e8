package io.orderseos.customer;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.serde.AvroHardening;
import io.orderseos.serde.SpecificRecords;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Folds one order transition into its customer's statistics. Counts only grow; totals are kept per
 * currency (amounts in different currencies are never added). Cancelling a paid order subtracts its
 * amount from {@code paidAmount} (a refund) while {@code placedAmount} keeps it.
 *
 * <p>Correct only if every transition arrives exactly once: upstream dedup and the state machine
 * make each transition unique, exactly-once processing makes its delivery unique.
 */
public final class CustomerStatsAggregator {
    static {
        // Building a generated record resolves its classes through Avro's trust check (AVRO-4189);
        // this class may run before any serde has installed the trust, e.g. in a unit test.
        AvroHardening.apply();
    }

    private CustomerStatsAggregator() {}

    /**
     * The statistics after {@code transition}; {@code current} is null for a new customer and is
     * not changed.
     */
    public static CustomerStats apply(CustomerStats current, OrderTransition transition) {
        OrderStatus order = transition.getOrder();
        CustomerStats next;
        if (current == null) {
            next = CustomerStats.newBuilder()
                    .setCustomerId(order.getCustomerId())
                    .setPlacedAmount(Map.of())
                    .setPaidAmount(Map.of())
                    .setLastEventAt(order.getUpdatedAt())
                    .build();
        } else {
            // Every value shared, the maps too (cheaper than the builder's deep copy); a map that
            // changes is replaced by a changed copy below, so current keeps its own.
            next = SpecificRecords.copyInto(current, new CustomerStats());
        }
        String currency = order.getCurrency();
        BigDecimal amount = order.getAmount();
        switch (order.getStatus()) {
            case PLACED -> {
                next.setOrdersPlaced(next.getOrdersPlaced() + 1);
                next.setPlacedAmount(plus(next.getPlacedAmount(), currency, amount));
            }
            case PAID -> {
                next.setOrdersPaid(next.getOrdersPaid() + 1);
                next.setPaidAmount(plus(next.getPaidAmount(), currency, amount));
            }
            case SHIPPED -> next.setOrdersShipped(next.getOrdersShipped() + 1);
            case DELIVERED -> next.setOrdersDelivered(next.getOrdersDelivered() + 1);
            case CANCELLED -> {
                next.setOrdersCancelled(next.getOrdersCancelled() + 1);
                if (transition.getPrevious() == OrderState.PAID) {
                    next.setPaidAmount(plus(next.getPaidAmount(), currency, amount.negate()));
                }
            }
        }
        next.setLastEventAt(latest(next.getLastEventAt(), order.getUpdatedAt()));
        return next;
    }

    /**
     * A copy of {@code totals} with {@code amount} added to {@code currency}'s; {@code totals} is not
     * changed. Totals in one currency, as most customers have, stay one small object.
     */
    private static Map<String, BigDecimal> plus(Map<String, BigDecimal> totals, String currency, BigDecimal amount) {
        if (totals.isEmpty()) {
            return Map.of(currency, amount);
        }
        BigDecimal only = totals.size() == 1 ? totals.get(currency) : null;
        if (only != null) {
            return Map.of(currency, only.add(amount));
        }
        Map<String, BigDecimal> sum = new HashMap<>(totals);
        sum.merge(currency, amount, BigDecimal::add);
        return sum;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
