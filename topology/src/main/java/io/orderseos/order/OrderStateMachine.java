package io.orderseos.order;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderState;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroHardening;
import io.orderseos.serde.SpecificRecords;
import java.util.List;

/**
 * The order life cycle: {@code PLACED → PAID → SHIPPED → DELIVERED}, and {@code CANCELLED} (terminal)
 * from PLACED or PAID. A pure function from the order's current status and an event to a {@link
 * Decision}; the processor around it owns the store.
 *
 * <p>An event for a step the order has already taken (PLACED again, PAID for a SHIPPED order,
 * CANCELLED for a cancelled one) is a <em>duplicate intent</em>: a new event ID for something
 * already done, such as a client's retry. It is ignored, not an error. Skipping a step, or any first
 * event other than PLACED, is <em>early</em>: the step before it may still arrive (events of one
 * order come from several producers). Any event after a cancellation, or cancelling a shipped order,
 * is illegal: nothing that arrives later changes that.
 */
public final class OrderStateMachine {
    static {
        // Copying a generated record resolves its classes through Avro's trust check (AVRO-4189);
        // this class may run before any serde has installed the trust, e.g. in a unit test.
        AvroHardening.apply();
    }

    /** What to do with one event. */
    public sealed interface Decision permits Apply, DuplicateIntent, Early, Illegal, WrongCustomer {}

    /** Apply it: {@code next} is the new status; {@code previous} is null for a new order. */
    public record Apply(OrderState previous, OrderStatus next) implements Decision {}

    /** The order already took this step; ignore the event. */
    public record DuplicateIntent(OrderState current) implements Decision {}

    /**
     * The order cannot take this step yet: the step before it, {@code awaited}, has not arrived. A
     * later arrival can make it legal, so the processor holds it for a while ({@code
     * orders.reorder.window}); {@code detail} says what is missing.
     */
    public record Early(OrderEventType awaited, String detail) implements Decision {}

    /** The order cannot take this step, and no later arrival can change that. */
    public record Illegal(String detail) implements Decision {}

    /** The event names another customer than the order's. */
    public record WrongCustomer(String detail) implements Decision {}

    private OrderStateMachine() {}

    /** The decision for {@code event} given the order's {@code current} status (null: unknown order). */
    public static Decision decide(OrderStatus current, OrderEvent event) {
        OrderEventType type = event.getType();
        if (current == null) {
            return type == OrderEventType.PLACED
                    ? new Apply(null, placed(event))
                    : new Early(
                            OrderEventType.PLACED,
                            "order " + event.getOrderId() + " is unknown: its first event must be PLACED, not " + type);
        }
        if (!current.getCustomerId().equals(event.getCustomerId())) {
            return new WrongCustomer("order " + current.getOrderId() + " belongs to customer " + current.getCustomerId()
                    + ", the event names customer " + event.getCustomerId());
        }
        OrderState state = current.getStatus();
        if (state == OrderState.CANCELLED) {
            return type == OrderEventType.CANCELLED
                    ? new DuplicateIntent(state)
                    : new Illegal("order " + current.getOrderId() + " is CANCELLED: " + type + " cannot follow");
        }
        if (type == OrderEventType.CANCELLED) {
            return state == OrderState.PLACED || state == OrderState.PAID
                    ? new Apply(state, advance(current, OrderState.CANCELLED, event))
                    : new Illegal("order " + current.getOrderId() + " is " + state + ": too late to cancel");
        }
        int from = step(state);
        int to = step(type);
        if (to <= from) {
            return new DuplicateIntent(state);
        }
        if (to == from + 1) {
            return new Apply(state, advance(current, OrderState.valueOf(type.name()), event));
        }
        OrderEventType awaited = mainPath(to - 1);
        return new Early(awaited, "order " + current.getOrderId() + " is " + state + ": " + type + " skips a step");
    }

    private static OrderStatus placed(OrderEvent event) {
        return OrderStatus.newBuilder()
                .setOrderId(event.getOrderId())
                .setCustomerId(event.getCustomerId())
                .setStatus(OrderState.PLACED)
                .setAmount(event.getAmount())
                .setCurrency(event.getCurrency())
                .setPlacedAt(event.getOccurredAt())
                .setUpdatedAt(event.getOccurredAt())
                .setLastEventId(event.getEventId())
                .build();
    }

    private static OrderStatus advance(OrderStatus current, OrderState next, OrderEvent event) {
        // Every value of an OrderStatus is immutable: share them rather than deep-copy.
        OrderStatus advanced = SpecificRecords.copyInto(current, new OrderStatus());
        advanced.setStatus(next);
        advanced.setUpdatedAt(event.getOccurredAt());
        advanced.setLastEventId(event.getEventId());
        return advanced;
    }

    /** Position on the main path: PLACED 0, PAID 1, SHIPPED 2, DELIVERED 3. */
    private static int step(OrderState state) {
        return step(OrderEventType.valueOf(state.name()));
    }

    private static OrderEventType mainPath(int step) {
        return List.of(OrderEventType.PLACED, OrderEventType.PAID, OrderEventType.SHIPPED, OrderEventType.DELIVERED)
                .get(step);
    }

    private static int step(OrderEventType type) {
        return switch (type) {
            case PLACED -> 0;
            case PAID -> 1;
            case SHIPPED -> 2;
            case DELIVERED -> 3;
            case CANCELLED -> throw new IllegalArgumentException("CANCELLED is not on the main path");
        };
    }
}
