package io.orderseos.ops.verify;

import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the model expects a customer's statistics to be: counts, totals per currency, last event. */
final class CustomerTotals {
    private final String customerId;
    private final Map<OrderState, Long> counts = new EnumMap<>(OrderState.class);
    private final Map<String, BigDecimal> placed = new TreeMap<>();
    private final Map<String, BigDecimal> paid = new TreeMap<>();
    private Instant lastEventAt = Instant.MIN;
    private long transitions;

    CustomerTotals(String customerId) {
        this.customerId = customerId;
    }

    /** One applied transition of one of the customer's orders into {@code state}. */
    void apply(OrderState previous, OrderState state, String currency, BigDecimal amount, Instant at) {
        counts.merge(state, 1L, Long::sum);
        transitions++;
        if (state == OrderState.PLACED) {
            placed.merge(currency, amount, BigDecimal::add);
        } else if (state == OrderState.PAID) {
            paid.merge(currency, amount, BigDecimal::add);
        } else if (state == OrderState.CANCELLED && previous == OrderState.PAID) {
            paid.merge(currency, amount.negate(), BigDecimal::add);
        }
        if (at.isAfter(lastEventAt)) {
            lastEventAt = at;
        }
    }

    /** Transitions applied so far: every output record of this customer adds exactly one. */
    long transitions() {
        return transitions;
    }

    /** The sum of a {@code customer-stats} value's counts: its position in the customer's sequence. */
    static long transitions(CustomerStats stats) {
        return stats.getOrdersPlaced()
                + stats.getOrdersPaid()
                + stats.getOrdersShipped()
                + stats.getOrdersDelivered()
                + stats.getOrdersCancelled();
    }

    /** How {@code actual} differs from the expected statistics; empty when they match. */
    List<String> differences(
            String customer,
            long ordersPlaced,
            long ordersPaid,
            long ordersShipped,
            long ordersDelivered,
            long ordersCancelled,
            Map<String, BigDecimal> placedAmount,
            Map<String, BigDecimal> paidAmount,
            Instant last) {
        List<String> differences = new ArrayList<>();
        compare(differences, "customerId", customerId, customer);
        compare(differences, "ordersPlaced", count(OrderState.PLACED), ordersPlaced);
        compare(differences, "ordersPaid", count(OrderState.PAID), ordersPaid);
        compare(differences, "ordersShipped", count(OrderState.SHIPPED), ordersShipped);
        compare(differences, "ordersDelivered", count(OrderState.DELIVERED), ordersDelivered);
        compare(differences, "ordersCancelled", count(OrderState.CANCELLED), ordersCancelled);
        compare(differences, "placedAmount", plain(placed), plain(placedAmount));
        compare(differences, "paidAmount", plain(paid), plain(paidAmount));
        compare(differences, "lastEventAt", lastEventAt, last);
        return differences;
    }

    List<String> differences(CustomerStats stats) {
        return differences(
                stats.getCustomerId(),
                stats.getOrdersPlaced(),
                stats.getOrdersPaid(),
                stats.getOrdersShipped(),
                stats.getOrdersDelivered(),
                stats.getOrdersCancelled(),
                stats.getPlacedAmount(),
                stats.getPaidAmount(),
                stats.getLastEventAt());
    }

    private long count(OrderState state) {
        return counts.getOrDefault(state, 0L);
    }

    /** Totals as plain strings with scale 2, so that 12.5 and 12.50 compare equal. */
    private static Map<String, String> plain(Map<String, BigDecimal> totals) {
        Map<String, String> plain = new TreeMap<>();
        totals.forEach(
                (currency, amount) -> plain.put(currency, amount.setScale(2).toPlainString()));
        return plain;
    }

    private static void compare(List<String> differences, String field, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            differences.add(field + " expected " + expected + " but was " + actual);
        }
    }
}
