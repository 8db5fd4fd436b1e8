package io.orderseos.dedup;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.deadletter.RejectedEventException;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.topology.Stages;
import io.orderseos.topology.StoredFormats;
import java.time.Duration;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.record.TimestampType;
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
 * ID seen again after its window expired is processed again. A record {@code dlq-replay} sent back
 * ({@link DeadLetters#REPLAY_ORIGIN}) is not a copy: it passes, to be decided again.
 *
 * <p>No repartition is needed: the key is validated to be the orderId, so every copy of an event
 * lands in the same partition and task.
 *
 * <p>The store's changelog is stamped by the broker ({@code message.timestamp.type=LogAppendTime}).
 * Kafka Streams writes a changelog record with the input record's timestamp, and the broker deletes
 * a window changelog's segments by those timestamps ({@code retention.ms} = window + {@code
 * windowstore.changelog.additional.retention.ms}, 1 day by default). Input stamped in the past (a
 * backfill, a replay with original timestamps) would have its entries deleted from the changelog
 * while they are still live in the store, and a restore would forget them: a copy would then pass as
 * new. Stamped on append, every entry stays in the changelog for the window plus a day of wall-clock
 * time after it was written, whatever the input's timestamps. (A restore reads an entry's window
 * time from its key, not from the record timestamp.) Stream time that falls more than that day
 * behind the wall clock, on a partition that stays quiet, still outlives its changelog entries: raise
 * {@code windowstore.changelog.additional.retention.ms} for such input.
 */
public final class DedupProcessor implements FixedKeyProcessor<String, OrderEvent, OrderEvent> {
    /** Name of the dedup window store (and of its changelog). API: renaming it loses the state. */
    public static final String STORE = "dedup-store";

    /** The changelog's own settings: stamped on append (see above); Kafka Streams sets the rest. */
    public static final Map<String, String> CHANGELOG_CONFIG =
            Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TimestampType.LOG_APPEND_TIME.name);

    private final long windowMs;
    private final ToLongFunction<OrderEvent> payloadHash;
    private FixedKeyProcessorContext<String, OrderEvent> context;
    private WindowStore<DedupKey, Long> store;
    private Sensor duplicates;

    private DedupProcessor(Duration window, ToLongFunction<OrderEvent> payloadHash) {
        this.windowMs = window.toMillis();
        this.payloadHash = payloadHash;
    }

    /** The stage and its store, for {@code KStream#processValues}. */
    public static FixedKeyProcessorSupplier<String, OrderEvent, OrderEvent> supplier(
            Duration window, ToLongFunction<OrderEvent> payloadHash) {
        StoreBuilder<WindowStore<DedupKey, Long>> store = Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(STORE, window, window, false),
                        StoredFormats.dedupKeys(),
                        StoredFormats.payloadHashes())
                .withLoggingEnabled(CHANGELOG_CONFIG);
        return Stages.withStore(store, () -> new DedupProcessor(window, payloadHash));
    }

    @Override
    public void init(FixedKeyProcessorContext<String, OrderEvent> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.duplicates = OrdersMetrics.sensor(context, OrdersMetrics.DUPLICATES_DROPPED);
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
            if (record.headers().lastHeader(DeadLetters.REPLAY_ORIGIN) != null) {
                context.forward(record); // a dead letter sent back: decided again, not a copy
            } else {
                duplicates.record();
            }
        } else {
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
