package io.orderseos.dedup;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.RejectedEventException;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.topology.Stages;
import java.time.Duration;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Second stage: drops exact duplicates by (orderId, eventId) and rejects an event ID reused with
 * another payload as {@code EVENT_ID_CONFLICT}.
 *
 * <p>The store maps each key to its payload hash, at the window timestamp {@code firstSeen}: the
 * task's stream time when the event was first seen. Using stream time rather than the record's own
 * timestamp means a late copy is still caught, and that the window slides only as the input moves
 * on, not as the wall clock does (a replay or a restored task dedups exactly as the first run
 * did). An entry is live while {@code streamTime - firstSeen < window}; the store's retention equals
 * the window, so expired entries are dropped segment by segment without any cleanup here. An event
 * ID seen again after its window expired is processed again.
 *
 * <p>No repartition is needed: the key is validated to be the orderId, so every copy of an event
 * lands in the same partition and task.
 */
public final class DedupProcessor implements FixedKeyProcessor<String, OrderEvent, OrderEvent> {
    /** Name of the dedup window store (and of its changelog). API: renaming it loses the state. */
    public static final String STORE = "dedup-store";

    private final long windowMs;
    private final ToLongFunction<OrderEvent> payloadHash;
    private FixedKeyProcessorContext<String, OrderEvent> context;
    private WindowStore<DedupKey, Long> store;
    private Sensor duplicates;
    private Sensor conflicts;

    private DedupProcessor(Duration window, ToLongFunction<OrderEvent> payloadHash) {
        this.windowMs = window.toMillis();
        this.payloadHash = payloadHash;
    }

    /** The stage and its store, for {@code KStream#processValues}. */
    public static FixedKeyProcessorSupplier<String, OrderEvent, OrderEvent> supplier(
            Duration window, ToLongFunction<OrderEvent> payloadHash) {
        StoreBuilder<WindowStore<DedupKey, Long>> store = Stores.windowStoreBuilder(
                Stores.persistentWindowStore(STORE, window, window, false), DedupKey.serde(), Serdes.Long());
        return Stages.withStore(store, () -> new DedupProcessor(window, payloadHash));
    }

    @Override
    public void init(FixedKeyProcessorContext<String, OrderEvent> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.duplicates = OrdersMetrics.sensor(context, OrdersMetrics.DUPLICATES_DROPPED);
        this.conflicts = OrdersMetrics.sensor(context, OrdersMetrics.deadLetters(DeadLetterReason.EVENT_ID_CONFLICT));
    }

    @Override
    public void process(FixedKeyRecord<String, OrderEvent> record) {
        OrderEvent event = record.value();
        DedupKey key = new DedupKey(event.getOrderId(), event.getEventId());
        long hash = payloadHash.applyAsLong(event);
        long now = context.currentStreamTimeMs();
        Long seen = liveEntry(key, now);
        if (seen == null) {
            store.put(key, hash, now);
            context.forward(record);
        } else if (seen == hash) {
            duplicates.record();
        } else {
            conflicts.record();
            throw new RejectedEventException(
                    DeadLetterReason.EVENT_ID_CONFLICT,
                    "event ID " + key.eventId() + " of order " + key.orderId()
                            + " was seen before with a different payload");
        }
    }

    /** The payload hash stored for {@code key} within the window ending at {@code now}, or null. */
    private Long liveEntry(DedupKey key, long now) {
        long from = Math.max(0, now - windowMs + 1);
        try (WindowStoreIterator<Long> entries = store.fetch(key, from, now)) {
            return entries.hasNext() ? entries.next().value : null;
        }
    }
}
