package io.orderseos.dedup;

import static io.orderseos.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import io.orderseos.topology.StoredFormats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

/**
 * The dedup store's two key formats: this release writes hashed keys, reads the exact keys releases
 * 0.1.x stored while they can be live, and writes exact ones during a rolling upgrade from them.
 */
class DedupKeyFormatsTest {
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final OrderEvent PLACED =
            Events.placed("o-1", "c-1").item("sku-1", 4, "2.50").build();
    private static final OrderEvent OTHER_PAYLOAD =
            Events.placed("o-1", "c-1").item("sku-9", 1, "1.00").build();

    @Test
    void storesEachEventUnderA13ByteHashOfItsIds() {
        try (OrdersTestDriver orders = start(Map.of())) {
            orders.send(PLACED);

            List<Bytes> keys = eventKeys(orders);
            assertThat(keys).containsExactly(OrdersTestDriver.dedupKey("o-1", "o-1-placed"));
            assertThat(keys.get(0).get()).hasSize(13).startsWith((byte) 0xFF);
            // A new store holds no exact key: hashed only, since a window before its first record.
            assertThat(hashedSince(orders))
                    .containsExactly(
                            KeyValue.pair(T0.toEpochMilli(), T0.minus(WINDOW).toEpochMilli()));
        }
    }

    @Test
    void findsTheExactKeysAReleaseStoredUntilTheWindowHasPassedThem() {
        try (OrdersTestDriver orders = start(Map.of())) {
            // As release 0.1.1 left the store: o-1's event seen at T0, under its exact key.
            storeExactKeyOfPlaced(orders);

            orders.send(PLACED);
            orders.send(OTHER_PAYLOAD);

            assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
            assertThat(orders.readDeadLetters())
                    .extracting(DeadLetter::reason)
                    .containsExactly(DeadLetterReason.EVENT_ID_CONFLICT);
            assertThat(orders.readOrderStatus()).isEmpty();
            assertThat(hashedSince(orders)).containsExactly(KeyValue.pair(T0.toEpochMilli(), T0.toEpochMilli()));

            // One window later the exact entry has expired: the event is new, and stored hashed.
            Instant later = T0.plus(WINDOW);
            orders.send(Events.placed("o-2", "c-2").item("sku-1", 1, "1.00").at(later));
            orders.send(PLACED.getOrderId(), PLACED, later);

            assertThat(orders.readOrderStatus()).hasSize(2);
            assertThat(eventKeys(orders)).contains(OrdersTestDriver.dedupKey("o-1", "o-1-placed"));
            // Written again half a window on, so that it outlives the store's retention.
            assertThat(hashedSince(orders)).containsExactly(KeyValue.pair(later.toEpochMilli(), T0.toEpochMilli()));
        }
    }

    @Test
    void looksUpOneKeyOnceTheWindowHasPassedTheTimeSinceWhichKeysAreHashed() {
        try (OrdersTestDriver orders = start(Map.of())) {
            // Hashed since a window ago: an exact key (which no instance would write now) is not read.
            putHashedSince(orders, T0.minus(WINDOW).toEpochMilli(), T0.toEpochMilli());
            storeExactKeyOfPlaced(orders);

            orders.send(PLACED);

            assertThat(orders.readOrderStatus()).hasSize(1);
            assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isZero();
        }
    }

    @Test
    void ofTwoEntriesSayingSinceWhenKeysAreHashedTheLaterTimeCounts() {
        try (OrdersTestDriver orders = start(Map.of())) {
            // As a crash under at-least-once can leave them: one ahead of the stream time the task restarts at.
            putHashedSince(orders, T0.minus(WINDOW).toEpochMilli(), T0.toEpochMilli());
            putHashedSince(orders, T0.toEpochMilli(), T0.plusSeconds(1).toEpochMilli());
            storeExactKeyOfPlaced(orders);

            orders.send(PLACED);

            assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isEqualTo(1);
            assertThat(hashedSince(orders)).containsExactly(KeyValue.pair(T0.toEpochMilli(), T0.toEpochMilli()));
        }
    }

    @Test
    void duringAnUpgradeFromAReleaseWithExactKeysWritesThemAndReadsBoth() {
        Map<String, String> upgrade = Map.of(OrdersConfig.UPGRADE_FROM, "0.1.1");
        try (OrdersTestDriver orders = start(upgrade)) {
            // o-2's event as an instance already past the upgrade stored it: hashed, and since when.
            OrderEvent o2 = Events.placed("o-2", "c-2").item("sku-1", 1, "1.00").build();
            orders.dedupStore()
                    .put(OrdersTestDriver.dedupKey("o-2", "o-2-placed"), payloadHash(upgrade, o2), T0.toEpochMilli());
            putHashedSince(orders, T0.toEpochMilli(), T0.toEpochMilli());
            putHashedSince(orders, T0.toEpochMilli(), T0.plusSeconds(1).toEpochMilli());

            orders.send(PLACED);
            orders.send(PLACED);
            orders.send(o2);

            assertThat(orders.counter(OrdersMetrics.DUPLICATES_DROPPED)).isEqualTo(2);
            assertThat(eventKeys(orders))
                    .containsExactlyInAnyOrder(
                            Bytes.wrap(new DedupKey("o-1", "o-1-placed").exact()),
                            OrdersTestDriver.dedupKey("o-2", "o-2-placed"));
            // Exact keys are written again: the next instance past the upgrade must look for them.
            assertThat(hashedSince(orders)).isEmpty();
        }
    }

    /** PLACED seen at T0 under its exact key, as release 0.1.x stored it. */
    private static void storeExactKeyOfPlaced(OrdersTestDriver orders) {
        orders.dedupStore()
                .put(
                        Bytes.wrap(new DedupKey("o-1", "o-1-placed").exact()),
                        payloadHash(Map.of(), PLACED),
                        T0.toEpochMilli());
    }

    /** A {@code hashedSince} entry at window time {@code at}: keys hashed since {@code since}. */
    private static void putHashedSince(OrdersTestDriver orders, long since, long at) {
        orders.dedupStore().put(DedupProcessor.HASHED_SINCE, since, at);
    }

    private static OrdersTestDriver start(Map<String, String> settings) {
        return OrdersTestDriver.start(config(settings));
    }

    private static OrdersConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(OrdersConfig.DEDUP_WINDOW, WINDOW.toString());
        return OrdersConfig.of(all);
    }

    private static long payloadHash(Map<String, String> settings, OrderEvent event) {
        return StoredFormats.of(config(settings)).payloadHash().applyAsLong(event);
    }

    /** The keys of the store's events: every entry but {@code hashedSince}. */
    private static List<Bytes> eventKeys(OrdersTestDriver orders) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Windowed<Bytes>, Long> entries =
                orders.dedupStore().fetchAll(Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            entries.forEachRemaining(entry -> keys.add(entry.key.key()));
        }
        keys.remove(DedupProcessor.HASHED_SINCE);
        return keys;
    }

    /** The {@code hashedSince} entries: window time → value. */
    private static List<KeyValue<Long, Long>> hashedSince(OrdersTestDriver orders) {
        List<KeyValue<Long, Long>> entries = new ArrayList<>();
        try (WindowStoreIterator<Long> iterator = orders.dedupStore()
                .fetch(DedupProcessor.HASHED_SINCE, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            iterator.forEachRemaining(entries::add);
        }
        return entries;
    }
}
