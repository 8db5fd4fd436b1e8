package io.orderseos.dedup;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.deadletter.RejectedEventException;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.topology.Stages;
import io.orderseos.topology.StoredFormats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
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
 * <p>Keys are {@link DedupKey#hashed hashed}: 13 bytes per event whatever its IDs. Releases 0.1.x
 * stored exact keys, and this release reads them as long as they can be live. During a rolling
 * upgrade from such a release ({@code orders.upgrade.from}) it writes exact keys, which the
 * release's instances read, and looks up both kinds. After it, the store says since when its task
 * has written hashed keys only: one entry under the 1-byte key {@code 0xFF} (neither format), whose
 * value is that stream time, {@code hashedSince}; both kinds are looked up until the window has
 * passed it, then one. A task's first record reads that entry; if there is none (the first record
 * after the upgrade, or of a new store), it looks for any live exact key, once, and writes {@code
 * hashedSince}: the stream time now if it found one, a window ago if not. The entry is written
 * again every half window, to outlive the store's retention, and an instance writing exact keys
 * removes it, so that the next one looks again.
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

    /**
     * Every exact key sorts between these, and no hashed one: an exact key starts with the high byte
     * of its orderId's UTF-8 length, at most 3 for the longest valid orderId (256 UTF-16 characters,
     * each at most 3 bytes).
     */
    private static final Bytes FIRST_EXACT = Bytes.wrap(new byte[] {0});

    private static final Bytes LAST_EXACT = Bytes.wrap(new byte[] {(byte) 0xFE});

    /** The key of the {@code hashedSince} entry: 1 byte, neither an exact key nor a hashed one. */
    static final Bytes HASHED_SINCE = Bytes.wrap(new byte[] {DedupKey.HASHED});

    /** {@link #hashedSinceAt} before the task's first record has read the entry. */
    private static final long NOT_READ = Long.MIN_VALUE;

    private final long windowMs;
    private final ToLongFunction<OrderEvent> payloadHash;
    private final boolean writesExact;
    private final DedupKey.Hasher hasher = new DedupKey.Hasher();
    private FixedKeyProcessorContext<String, OrderEvent> context;
    private WindowStore<Bytes, Long> store;
    private Sensor duplicates;
    /** Stream time since which the task has written hashed keys only. */
    private long hashedSince;
    /** The window time of the {@code hashedSince} entry, or {@link #NOT_READ}. */
    private long hashedSinceAt;

    private DedupProcessor(Duration window, ToLongFunction<OrderEvent> payloadHash, boolean writesExact) {
        this.windowMs = window.toMillis();
        this.payloadHash = payloadHash;
        this.writesExact = writesExact;
    }

    /**
     * The stage and its store, for {@code KStream#processValues}.
     *
     * @param writesExact whether to store exact keys, as the release a rolling upgrade starts from does
     */
    public static FixedKeyProcessorSupplier<String, OrderEvent, OrderEvent> supplier(
            Duration window, ToLongFunction<OrderEvent> payloadHash, boolean writesExact) {
        StoreBuilder<WindowStore<Bytes, Long>> store = Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(STORE, window, window, false),
                        StoredFormats.dedupKeys(),
                        StoredFormats.payloadHashes())
                .withLoggingEnabled(CHANGELOG_CONFIG);
        return Stages.withStore(store, () -> new DedupProcessor(window, payloadHash, writesExact));
    }

    @Override
    public void init(FixedKeyProcessorContext<String, OrderEvent> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.duplicates = OrdersMetrics.sensor(context, OrdersMetrics.DUPLICATES_DROPPED);
        this.hashedSinceAt = NOT_READ;
    }

    @Override
    public void process(FixedKeyRecord<String, OrderEvent> record) {
        OrderEvent event = record.value();
        DedupKey key = new DedupKey(event.getOrderId(), event.getEventId());
        long hash = payloadHash.applyAsLong(event);
        long now = context.currentStreamTimeMs();
        Bytes hashed = Bytes.wrap(hasher.hash(key));
        Bytes exact = exactKeysLive(now) ? Bytes.wrap(key.exact()) : null;
        Long seen = liveEntry(hashed, now);
        if (seen == null && exact != null) {
            seen = liveEntry(exact, now);
        }
        if (seen == null) {
            store.put(writesExact ? exact : hashed, hash, now);
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

    /** Whether an exact key may be live at {@code now}: always while they are written. */
    private boolean exactKeysLive(long now) {
        if (hashedSinceAt == NOT_READ) {
            readHashedSince(now);
        } else if (!writesExact && now - hashedSinceAt >= windowMs / 2) {
            writeHashedSince(now); // before the window's retention drops the entry
        }
        return writesExact || now - hashedSince < windowMs;
    }

    /**
     * Reads the {@code hashedSince} entry, or writes it. There may be more than one: under
     * at-least-once, a restart can fall back behind an entry written before a crash (later in
     * window time than stream time now). Every one is removed where exact keys are written; else the
     * latest time since which keys are hashed counts, which looks up exact keys the longest.
     */
    private void readHashedSince(long now) {
        List<KeyValue<Long, Long>> entries = new ArrayList<>(1);
        try (WindowStoreIterator<Long> found = store.fetch(HASHED_SINCE, windowStart(now), Long.MAX_VALUE)) {
            found.forEachRemaining(entries::add);
        }
        entries.forEach(entry -> store.put(HASHED_SINCE, null, entry.key));
        if (writesExact) {
            hashedSinceAt = now; // exact keys are written again: the next instance past the upgrade looks
        } else {
            hashedSince = entries.isEmpty()
                    ? (anyExactKeyLive(now) ? now : now - windowMs)
                    : entries.stream().mapToLong(entry -> entry.value).max().getAsLong();
            writeHashedSince(now);
        }
    }

    private void writeHashedSince(long now) {
        if (hashedSinceAt != NOT_READ && now - hashedSinceAt < windowMs) { // not expired: a delete counts no drop
            store.put(HASHED_SINCE, null, hashedSinceAt);
        }
        store.put(HASHED_SINCE, hashedSince, now);
        hashedSinceAt = now;
    }

    /** Whether the store holds an exact key live at {@code now}: one seek per segment if it holds none. */
    private boolean anyExactKeyLive(long now) {
        try (KeyValueIterator<Windowed<Bytes>, Long> entries =
                store.fetch(FIRST_EXACT, LAST_EXACT, windowStart(now), now)) {
            return entries.hasNext();
        }
    }

    /** The payload hash stored for {@code key} within the window ending at {@code now}, or null. */
    private Long liveEntry(Bytes key, long now) {
        try (WindowStoreIterator<Long> entries = store.fetch(key, windowStart(now), now)) {
            return entries.hasNext() ? entries.next().value : null;
        }
    }

    /** The first window time still live at {@code now}. */
    private long windowStart(long now) {
        return Math.max(0, now - windowMs + 1);
    }
}
