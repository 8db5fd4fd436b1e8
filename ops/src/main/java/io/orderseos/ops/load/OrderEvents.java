package io.orderseos.ops.load;

import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Builds the events of generated orders, every value drawn from the order's own random generator. */
final class OrderEvents {
    /**
     * Where event times ({@code occurredAt}) start: fixed, so that a replay is byte-identical. It is
     * payload only; the records' Kafka timestamps are the producer's wall clock.
     */
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private static final List<String> CURRENCIES = List.of("EUR", "EUR", "EUR", "USD", "GBP", "CHF");
    /** Codes that look like currencies but are not ISO-4217. */
    private static final List<String> NOT_CURRENCIES = List.of("ZZZ", "EURO", "eur");

    private OrderEvents() {}

    /** The event ID of an order's step: {@code <orderId>-<type>}, e.g. {@code o-7-paid}. */
    static String eventId(String orderId, OrderEventType type) {
        return orderId + "-" + type.name().toLowerCase(Locale.ROOT);
    }

    /** A valid PLACED: 1 to 3 line items, amount their exact sum, decimal(18,2), an ISO-4217 currency. */
    static OrderEvent placed(SplittableRandom random, String orderId, String customerId, Instant at) {
        List<LineItem> items = new ArrayList<>();
        int lines = 1 + random.nextInt(3);
        for (int line = 0; line < lines; line++) {
            items.add(item(random));
        }
        return OrderEvent.newBuilder()
                .setEventId(eventId(orderId, OrderEventType.PLACED))
                .setOrderId(orderId)
                .setCustomerId(customerId)
                .setType(OrderEventType.PLACED)
                .setOccurredAt(at)
                .setAmount(total(items))
                .setCurrency(CURRENCIES.get(random.nextInt(CURRENCIES.size())))
                .setItems(items)
                .build();
    }

    /**
     * An event of {@code type} for the order {@code placed} created: a PLACED repeats its amount,
     * currency and items (as a retry would), any other type carries none.
     */
    static OrderEvent of(OrderEvent placed, OrderEventType type, String eventId, Instant at) {
        OrderEvent.Builder event =
                OrderEvent.newBuilder(placed).setEventId(eventId).setType(type).setOccurredAt(at);
        if (type != OrderEventType.PLACED) {
            event.setAmount(null).setCurrency(null).setItems(List.of());
        }
        return event.build();
    }

    /** The same event ID with another, still valid payload: a PLACED gains an item, any other event a later time. */
    static OrderEvent conflicting(OrderEvent event, SplittableRandom random) {
        OrderEvent.Builder other = OrderEvent.newBuilder(event);
        if (event.getType() == OrderEventType.PLACED) {
            List<LineItem> items = new ArrayList<>(event.getItems());
            items.add(item(random));
            other.setItems(items).setAmount(total(items));
        } else {
            other.setOccurredAt(event.getOccurredAt().plusSeconds(1 + random.nextInt(3_600)));
        }
        return other.build();
    }

    /** A PLACED like {@code placed} that breaks one business rule, chosen by {@code random}. */
    static OrderEvent breakingARule(OrderEvent placed, String eventId, SplittableRandom random) {
        OrderEvent.Builder event = OrderEvent.newBuilder(placed).setEventId(eventId);
        switch (random.nextInt(4)) {
            case 0 -> event.setAmount(placed.getAmount().add(BigDecimal.valueOf(1 + random.nextInt(100), 2)));
            case 1 -> event.setAmount(placed.getAmount().negate());
            case 2 -> event.setCurrency(NOT_CURRENCIES.get(random.nextInt(NOT_CURRENCIES.size())));
            default -> event.setItems(List.of());
        }
        return event.build();
    }

    private static LineItem item(SplittableRandom random) {
        return new LineItem(
                "sku-" + random.nextInt(500),
                1 + random.nextInt(4),
                BigDecimal.valueOf(100 + random.nextInt(9_900), 2));
    }

    private static BigDecimal total(List<LineItem> items) {
        return items.stream()
                .map(item -> item.getUnitPrice().multiply(BigDecimal.valueOf(item.getQuantity())))
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }
}
