package io.orderseos.testing;

import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builders for order events in tests. Every event is valid unless a test breaks it on purpose:
 * {@code Events.placed("o-1", "c-1").item("sku-1", 2, "5.00").build()} is a PLACED event of 10.00
 * EUR. Event IDs default to {@code <orderId>-<type>} and times to {@link #T0}, so a test only spells
 * out what it is about.
 */
public final class Events {
    /** The default event time of a test: a fixed instant, so tests are repeatable. */
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Events() {}

    public static Builder placed(String orderId, String customerId) {
        return new Builder(OrderEventType.PLACED, orderId, customerId).currency("EUR");
    }

    public static Builder paid(String orderId, String customerId) {
        return new Builder(OrderEventType.PAID, orderId, customerId);
    }

    public static Builder shipped(String orderId, String customerId) {
        return new Builder(OrderEventType.SHIPPED, orderId, customerId);
    }

    public static Builder delivered(String orderId, String customerId) {
        return new Builder(OrderEventType.DELIVERED, orderId, customerId);
    }

    public static Builder cancelled(String orderId, String customerId) {
        return new Builder(OrderEventType.CANCELLED, orderId, customerId);
    }

    public static Builder of(OrderEventType type, String orderId, String customerId) {
        return type == OrderEventType.PLACED
                ? placed(orderId, customerId).item("sku-1", 1, "10.00")
                : new Builder(type, orderId, customerId);
    }

    /** A fluent, mutable builder; {@link #build()} may be called more than once. */
    public static final class Builder {
        private final OrderEventType type;
        private String eventId;
        private String orderId;
        private String customerId;
        private Instant occurredAt = T0;
        private BigDecimal amount;
        private boolean amountSet;
        private String currency;
        private final List<LineItem> items = new ArrayList<>();

        private Builder(OrderEventType type, String orderId, String customerId) {
            this.type = type;
            this.orderId = orderId;
            this.customerId = customerId;
            this.eventId = orderId + "-" + type.name().toLowerCase(Locale.ROOT);
        }

        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder orderId(String orderId) {
            this.orderId = orderId;
            return this;
        }

        public Builder customerId(String customerId) {
            this.customerId = customerId;
            return this;
        }

        public Builder at(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        /** Sets the amount; without it, a PLACED event's amount is the sum of its items. */
        public Builder amount(String amount) {
            this.amount = amount == null ? null : new BigDecimal(amount);
            this.amountSet = true;
            return this;
        }

        public Builder currency(String currency) {
            this.currency = currency;
            return this;
        }

        public Builder item(String sku, int quantity, String unitPrice) {
            items.add(new LineItem(sku, quantity, new BigDecimal(unitPrice)));
            return this;
        }

        public OrderEvent build() {
            BigDecimal total = amountSet ? amount : itemsTotal();
            return OrderEvent.newBuilder()
                    .setEventId(eventId)
                    .setOrderId(orderId)
                    .setCustomerId(customerId)
                    .setType(type)
                    .setOccurredAt(occurredAt)
                    .setAmount(total)
                    .setCurrency(currency)
                    .setItems(new ArrayList<>(items))
                    .build();
        }

        private BigDecimal itemsTotal() {
            if (items.isEmpty()) {
                return null;
            }
            return items.stream()
                    .map(i -> i.getUnitPrice().multiply(BigDecimal.valueOf(i.getQuantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }
}
