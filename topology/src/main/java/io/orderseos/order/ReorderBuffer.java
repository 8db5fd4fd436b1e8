package io.orderseos.order;

import io.orderseos.config.OrdersConfig;
import io.orderseos.schemas.internal.HeldEvent;
import io.orderseos.schemas.internal.HeldEvents;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The events of one task's orders that wait for the step before them, in the changelogged store
 * {@link #STORE} (orderId → the order's held events, in the order they arrived). Bounded per order
 * and per task; the count and the earliest expiry are kept in memory, rebuilt from the store when
 * the task starts (the store is restored first).
 */
final class ReorderBuffer {
    /** Name of the store (and of its changelog). API: renaming it loses what is held. */
    static final String STORE = "reorder-buffer-store";

    /** An event taken out of the buffer because it waited long enough. */
    record Expired(String orderId, HeldEvent event, boolean byWallClock) {}

    private final KeyValueStore<String, HeldEvents> store;
    private final OrdersConfig.Reorder settings;
    private final ReorderCounts counts;
    private final long windowMs;
    private final long wallMaxMs;
    private long held;
    private long nextExpiry = Long.MAX_VALUE;

    ReorderBuffer(KeyValueStore<String, HeldEvents> store, OrdersConfig.Reorder settings, ReorderCounts counts) {
        this.store = store;
        this.settings = settings;
        this.counts = counts;
        this.windowMs = settings.window().toMillis();
        this.wallMaxMs = settings.wallMax().toMillis();
        try (KeyValueIterator<String, HeldEvents> all = store.all()) {
            while (all.hasNext()) {
                for (HeldEvent event : all.next().value.getEvents()) {
                    held++;
                    nextExpiry = Math.min(nextExpiry, event.getHeldAt() + windowMs);
                }
            }
        }
        counts.held(held);
    }

    /** The task closes: what it holds is no longer this instance's. */
    void close() {
        counts.held(-held);
    }

    /** The events held for {@code orderId}, oldest first, in a list of the caller's; empty if none. */
    List<HeldEvent> of(String orderId) {
        HeldEvents events = store.get(orderId);
        return events == null ? new ArrayList<>() : new ArrayList<>(events.getEvents());
    }

    /** Why {@code orderId} cannot hold one more event, or null if it can. */
    String noRoom(String orderId, int partition) {
        int forOrder = of(orderId).size();
        if (forOrder >= settings.maxPerOrder()) {
            return forOrder + " events of this order are held already (" + OrdersConfig.REORDER_MAX_PER_ORDER + ")";
        }
        if (held >= settings.maxHeld()) {
            return "partition " + partition + " holds " + held + " events already (" + OrdersConfig.REORDER_MAX_HELD
                    + ")";
        }
        return null;
    }

    void hold(String orderId, HeldEvent event) {
        List<HeldEvent> events = of(orderId);
        events.add(event);
        store.put(orderId, new HeldEvents(events));
        held++;
        counts.held(1);
        nextExpiry = Math.min(nextExpiry, event.getHeldAt() + windowMs);
    }

    /** Keeps {@code remaining} of {@code orderId}'s events, which held {@code before} events. */
    void keep(String orderId, List<HeldEvent> remaining, int before) {
        store.put(orderId, remaining.isEmpty() ? null : new HeldEvents(remaining));
        held -= before - remaining.size();
        counts.held(remaining.size() - before);
    }

    /** How many events this task holds. */
    long held() {
        return held;
    }

    /**
     * Takes out every event that has waited {@code orders.reorder.window} of stream time (its
     * order's events by orderId, then as they arrived); none if none is due yet.
     */
    List<Expired> takeDue(long streamTime) {
        if (streamTime < nextExpiry) {
            return List.of();
        }
        return take(streamTime, false);
    }

    /** Takes out every event that has waited {@code orders.reorder.wall.max} of wall-clock time. */
    List<Expired> takeStale(long wallClock) {
        return take(wallClock, true);
    }

    /** @param now stream time, or with {@code byWallClock} the wall clock */
    private List<Expired> take(long now, boolean byWallClock) {
        List<Expired> expired = new ArrayList<>();
        List<KeyValue<String, List<HeldEvent>>> changed = new ArrayList<>();
        long next = Long.MAX_VALUE;
        try (KeyValueIterator<String, HeldEvents> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, HeldEvents> order = all.next();
                List<HeldEvent> remaining = new ArrayList<>();
                for (HeldEvent event : order.value.getEvents()) {
                    boolean due = byWallClock
                            ? now - event.getHeldAtWallClock() >= wallMaxMs
                            : now - event.getHeldAt() >= windowMs;
                    if (due) {
                        expired.add(new Expired(order.key, event, byWallClock));
                    } else {
                        remaining.add(event);
                        next = Math.min(next, event.getHeldAt() + windowMs);
                    }
                }
                if (remaining.size() < order.value.getEvents().size()) {
                    changed.add(KeyValue.pair(order.key, remaining));
                }
            }
        }
        for (KeyValue<String, List<HeldEvent>> order : changed) {
            store.put(order.key, order.value.isEmpty() ? null : new HeldEvents(order.value));
        }
        held -= expired.size();
        counts.held(-expired.size());
        counts.expired(expired.size());
        nextExpiry = next;
        return expired;
    }
}
