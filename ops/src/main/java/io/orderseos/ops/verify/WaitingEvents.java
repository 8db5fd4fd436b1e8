package io.orderseos.ops.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.orderseos.schemas.OrderEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The early events one input partition holds in the model, as the contract's "Events out of
 * order" describes the reorder buffer: per order in the order they arrived, orders by orderId (the
 * UTF-8 bytes, as the app's store sorts them), each with the stream time it arrived at.
 */
final class WaitingEvents {
    /** An event waiting for the step before it; {@code heldAt} is its partition's stream time then. */
    record Waiting(InputRecord record, OrderEvent event, long heldAt) {}

    private final Map<String, List<Waiting>> byOrder =
            new TreeMap<>((a, b) -> Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8)));
    private int count;

    /** The events held for {@code orderId}, oldest first: the list itself, for the caller to take from. */
    List<Waiting> of(String orderId) {
        return byOrder.getOrDefault(orderId, new ArrayList<>());
    }

    /** How many events this partition holds. */
    int count() {
        return count;
    }

    void hold(Waiting waiting) {
        byOrder.computeIfAbsent(waiting.event().getOrderId(), id -> new ArrayList<>())
                .add(waiting);
        count++;
    }

    /** Takes {@code waiting} out, once it is decided. */
    void remove(Waiting waiting) {
        List<Waiting> events = byOrder.get(waiting.event().getOrderId());
        events.remove(waiting);
        if (events.isEmpty()) {
            byOrder.remove(waiting.event().getOrderId());
        }
        count--;
    }

    /** Takes out the events held since {@code windowMs} or more before {@code streamTime}: by orderId, then arrival. */
    List<Waiting> takeDue(long streamTime, long windowMs) {
        List<Waiting> due = new ArrayList<>();
        for (Iterator<List<Waiting>> orders = byOrder.values().iterator(); orders.hasNext(); ) {
            List<Waiting> events = orders.next();
            for (Iterator<Waiting> each = events.iterator(); each.hasNext(); ) {
                Waiting waiting = each.next();
                if (streamTime - waiting.heldAt() >= windowMs) {
                    due.add(waiting);
                    each.remove();
                }
            }
            if (events.isEmpty()) {
                orders.remove();
            }
        }
        count -= due.size();
        return due;
    }

    /** Every event still held, by orderId then arrival. */
    List<Waiting> all() {
        return byOrder.values().stream().flatMap(List::stream).toList();
    }
}
