package io.orderseos.ops;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.serde.AvroSerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A sample input stream for the local demo, derived entirely from a seed: orders that walk their
 * life cycle, with what a real upstream sends too — exact duplicates, retried intents, illegal
 * transitions, reused event IDs and malformed records. Events of one order are in order (same key,
 * same partition); orders are interleaved round by round.
 */
final class SampleStream {
    /** One record to produce. */
    record Sample(byte[] key, byte[] value, String kind) {}

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> CURRENCIES = List.of("EUR", "EUR", "EUR", "USD", "GBP");

    private SampleStream() {}

    static List<Sample> generate(long seed, int orders, int customers) {
        Random random = new Random(seed);
        AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(Integer.MAX_VALUE);
        List<List<Sample>> rounds = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            rounds.add(new ArrayList<>());
        }
        for (int i = 0; i < orders; i++) {
            String order = "o-" + i;
            String customer = "c-" + random.nextInt(customers);
            OrderEvent placed = placed(random, order, customer);
            List<OrderEventType> path = path(random);
            for (int step = 0; step < path.size(); step++) {
                OrderEvent event = step == 0 ? placed : next(placed, path.get(step), step);
                List<Sample> round = rounds.get(step);
                byte[] value = serde.serialize("orders", event);
                round.add(new Sample(order.getBytes(UTF_8), value, "event"));
                double dice = random.nextDouble();
                if (dice < 0.05) {
                    round.add(new Sample(order.getBytes(UTF_8), value, "exact duplicate"));
                } else if (dice < 0.07 && step > 0) {
                    OrderEvent retry = OrderEvent.newBuilder(event)
                            .setEventId(event.getEventId() + "-retry")
                            .build();
                    round.add(new Sample(order.getBytes(UTF_8), serde.serialize("orders", retry), "duplicate intent"));
                } else if (dice < 0.08 && step == 0) {
                    OrderEvent conflict = OrderEvent.newBuilder(event)
                            .setAmount(event.getAmount().add(BigDecimal.ONE))
                            .setItems(List.of(
                                    new LineItem("sku-x", 1, event.getAmount().add(BigDecimal.ONE))))
                            .build();
                    round.add(new Sample(
                            order.getBytes(UTF_8), serde.serialize("orders", conflict), "event-ID conflict"));
                }
            }
            if (random.nextDouble() < 0.02) {
                OrderEvent late = next(placed, OrderEventType.PLACED, 9);
                OrderEvent illegal = OrderEvent.newBuilder(late)
                        .setType(outOfTurn(path.get(path.size() - 1)))
                        .setEventId(order + "-out-of-turn")
                        .build();
                rounds.get(path.size() - 1)
                        .add(new Sample(
                                order.getBytes(UTF_8), serde.serialize("orders", illegal), "illegal transition"));
            }
            if (random.nextDouble() < 0.01) {
                rounds.get(0).add(malformed(random, order));
            }
        }
        List<Sample> samples = new ArrayList<>();
        rounds.forEach(samples::addAll);
        return samples;
    }

    private static Sample malformed(Random random, String order) {
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] junk = new byte[8 + random.nextInt(32)];
                random.nextBytes(junk);
                yield new Sample(order.getBytes(UTF_8), junk, "malformed");
            }
            case 1 -> new Sample(order.getBytes(UTF_8), new byte[0], "malformed");
            default -> new Sample(order.getBytes(UTF_8), null, "malformed");
        };
    }

    private static OrderEvent placed(Random random, String order, String customer) {
        List<LineItem> items = new ArrayList<>();
        BigDecimal amount = BigDecimal.ZERO.setScale(2);
        int lines = 1 + random.nextInt(3);
        for (int line = 0; line < lines; line++) {
            int quantity = 1 + random.nextInt(4);
            BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(9_900), 2);
            items.add(new LineItem("sku-" + random.nextInt(500), quantity, price));
            amount = amount.add(price.multiply(BigDecimal.valueOf(quantity)));
        }
        return OrderEvent.newBuilder()
                .setEventId(order + "-placed")
                .setOrderId(order)
                .setCustomerId(customer)
                .setType(OrderEventType.PLACED)
                .setOccurredAt(START.plusSeconds(random.nextInt(3_600)))
                .setAmount(amount)
                .setCurrency(CURRENCIES.get(random.nextInt(CURRENCIES.size())))
                .setItems(items)
                .build();
    }

    private static OrderEvent next(OrderEvent placed, OrderEventType type, int step) {
        return OrderEvent.newBuilder()
                .setEventId(placed.getOrderId() + "-" + type.name().toLowerCase(java.util.Locale.ROOT))
                .setOrderId(placed.getOrderId())
                .setCustomerId(placed.getCustomerId())
                .setType(type)
                .setOccurredAt(placed.getOccurredAt().plusSeconds(600L * step))
                .build();
    }

    /** An event the order cannot take after reaching {@code last}. */
    private static OrderEventType outOfTurn(OrderEventType last) {
        return switch (last) {
            case CANCELLED -> OrderEventType.SHIPPED;
            case PAID -> OrderEventType.DELIVERED;
            default -> OrderEventType.CANCELLED;
        };
    }

    /** 10% cancelled while placed or paid; the rest paid, most shipped, most of those delivered. */
    private static List<OrderEventType> path(Random random) {
        double dice = random.nextDouble();
        if (dice < 0.05) {
            return List.of(OrderEventType.PLACED, OrderEventType.CANCELLED);
        }
        if (dice < 0.10) {
            return List.of(OrderEventType.PLACED, OrderEventType.PAID, OrderEventType.CANCELLED);
        }
        if (dice < 0.25) {
            return List.of(OrderEventType.PLACED, OrderEventType.PAID);
        }
        if (dice < 0.40) {
            return List.of(OrderEventType.PLACED, OrderEventType.PAID, OrderEventType.SHIPPED);
        }
        return List.of(OrderEventType.PLACED, OrderEventType.PAID, OrderEventType.SHIPPED, OrderEventType.DELIVERED);
    }
}
