package io.orderseos.ops.load;

import io.orderseos.order.OrderStateMachine;
import io.orderseos.order.OrderStateMachine.Apply;
import io.orderseos.order.OrderStateMachine.Decision;
import io.orderseos.order.OrderStateMachine.DuplicateIntent;
import io.orderseos.order.OrderStateMachine.Early;
import io.orderseos.order.OrderStateMachine.Illegal;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroSerde;
import io.orderseos.validate.OrderEventValidator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the app does with each record, by its own rules and in its order (decode, validate, dedup,
 * state machine), without Kafka: the reference a generated record's kind is held against. With a
 * reorder window an early event is {@link Outcome#HELD} and decided when its order changes ({@link
 * #settled()}), or rejected when the input ends and every window passes ({@link #expireAll()}).
 */
final class AppRules {
    /** The app's possible outcomes for one input record. */
    enum Outcome {
        APPLIED,
        DUPLICATE_DROPPED,
        EVENT_ID_CONFLICT,
        DUPLICATE_INTENT,
        ILLEGAL_TRANSITION,
        DESERIALIZATION,
        VALIDATION,
        WRONG_CUSTOMER,
        HELD
    }

    /** A held record and what became of it. */
    record Settled(LoadRecord record, Outcome outcome) {}

    private record Held(LoadRecord record, OrderEvent event) {}

    /**
     * What the app does with a record of each kind in the end (ABORTED: never sees it), once every
     * held record is settled or expired.
     */
    static final Map<RecordKind, Outcome> EXPECTED = Map.ofEntries(
            Map.entry(RecordKind.EVENT, Outcome.APPLIED),
            Map.entry(RecordKind.OLD_SCHEMA_EVENT, Outcome.APPLIED),
            Map.entry(RecordKind.DUPLICATE, Outcome.DUPLICATE_DROPPED),
            Map.entry(RecordKind.CONFLICT, Outcome.EVENT_ID_CONFLICT),
            Map.entry(RecordKind.DUPLICATE_INTENT, Outcome.DUPLICATE_INTENT),
            Map.entry(RecordKind.ILLEGAL, Outcome.ILLEGAL_TRANSITION),
            Map.entry(RecordKind.OUT_OF_ORDER, Outcome.APPLIED),
            Map.entry(RecordKind.MISSING_PREDECESSOR, Outcome.ILLEGAL_TRANSITION),
            Map.entry(RecordKind.UNDECODABLE, Outcome.DESERIALIZATION),
            Map.entry(RecordKind.TRUNCATED, Outcome.DESERIALIZATION),
            Map.entry(RecordKind.WRONG_MAGIC, Outcome.DESERIALIZATION),
            Map.entry(RecordKind.UNKNOWN_SCHEMA, Outcome.DESERIALIZATION),
            Map.entry(RecordKind.EMPTY_VALUE, Outcome.DESERIALIZATION),
            Map.entry(RecordKind.NULL_VALUE, Outcome.VALIDATION),
            Map.entry(RecordKind.NULL_KEY, Outcome.VALIDATION),
            Map.entry(RecordKind.WRONG_KEY, Outcome.VALIDATION),
            Map.entry(RecordKind.INVALID_EVENT, Outcome.VALIDATION));

    private final AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(262_144);
    private final Map<String, byte[]> seen = new HashMap<>();
    private final Map<String, OrderStatus> orders = new HashMap<>();
    private final Map<String, List<Held>> held = new HashMap<>();
    private final List<Settled> settled = new ArrayList<>();
    private final boolean reorder;
    private String detail = "";

    /** @param reorder whether the app runs with a reorder window: early events are held */
    AppRules(boolean reorder) {
        this.reorder = reorder;
    }

    /** The held records decided since the last call, in the order they were. */
    List<Settled> settled() {
        List<Settled> decided = List.copyOf(settled);
        settled.clear();
        return decided;
    }

    /** Every record still held, rejected as the window passes: {@code ILLEGAL_TRANSITION}. */
    List<Settled> expireAll() {
        List<Settled> expired = new ArrayList<>();
        held.values()
                .forEach(events -> events.forEach(
                        waiting -> expired.add(new Settled(waiting.record(), Outcome.ILLEGAL_TRANSITION))));
        held.clear();
        return expired;
    }

    /** The outcome of {@code record}, and its effect on the dedup store and the orders. */
    Outcome process(LoadRecord record) {
        return outcome(record, true);
    }

    /** The outcome {@code record} would have now, without any effect. */
    Outcome peek(LoadRecord record) {
        return outcome(record, false);
    }

    /** Why the last record was rejected: the exception or the violations, as the dead letter says. */
    String detail() {
        return detail;
    }

    private Outcome outcome(LoadRecord record, boolean apply) {
        detail = "";
        OrderEvent event;
        try {
            event = serde.deserialize("orders", record.value());
        } catch (SerializationException e) {
            detail = e.getMessage();
            return Outcome.DESERIALIZATION;
        }
        List<String> violations = OrderEventValidator.violations(record.keyText(), event);
        if (!violations.isEmpty()) {
            detail = String.join("; ", violations);
            return Outcome.VALIDATION;
        }
        String dedupKey = event.getOrderId() + "\u0000" + event.getEventId();
        byte[] payload = serde.serialize("orders", event);
        byte[] first = seen.get(dedupKey);
        if (first != null) {
            return Arrays.equals(first, payload) ? Outcome.DUPLICATE_DROPPED : Outcome.EVENT_ID_CONFLICT;
        }
        if (apply) {
            seen.put(dedupKey, payload);
        }
        Decision decision = OrderStateMachine.decide(orders.get(event.getOrderId()), event);
        if (decision instanceof Early && reorder) {
            if (apply) {
                held.computeIfAbsent(event.getOrderId(), id -> new ArrayList<>())
                        .add(new Held(record, event));
            }
            return Outcome.HELD;
        }
        if (decision instanceof Apply applied && apply) {
            orders.put(event.getOrderId(), applied.next());
            release(event.getOrderId());
        }
        return outcome(decision);
    }

    /** Decides the order's held events oldest first, again after each one decided, until none is. */
    private void release(String orderId) {
        List<Held> waiting = held.getOrDefault(orderId, new ArrayList<>());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Held candidate : waiting) {
                Decision decision = OrderStateMachine.decide(orders.get(orderId), candidate.event());
                if (!(decision instanceof Early)) {
                    waiting.remove(candidate);
                    if (decision instanceof Apply applied) {
                        orders.put(orderId, applied.next());
                    }
                    settled.add(new Settled(candidate.record(), outcome(decision)));
                    changed = true;
                    break;
                }
            }
        }
    }

    private static Outcome outcome(Decision decision) {
        if (decision instanceof Apply) {
            return Outcome.APPLIED;
        }
        if (decision instanceof DuplicateIntent) {
            return Outcome.DUPLICATE_INTENT;
        }
        return decision instanceof Illegal || decision instanceof Early
                ? Outcome.ILLEGAL_TRANSITION
                : Outcome.WRONG_CUSTOMER;
    }
}
