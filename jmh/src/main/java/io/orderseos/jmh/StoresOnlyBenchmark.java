package io.orderseos.jmh;

import io.orderseos.config.OrdersConfig;
import io.orderseos.customer.CustomerStatsAggregator;
import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.dedup.DedupKey;
import io.orderseos.dedup.DedupProcessor;
import io.orderseos.order.OrderStateProcessor;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.schemas.internal.OrderTransition;
import io.orderseos.serde.AvroSerde;
import io.orderseos.topology.StoredFormats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot path's store operations alone, on keys and values encoded beforehand exactly as the app
 * encodes them: the dedup window store's lookup for every valid event and insert for each new one,
 * the order store's read for every event dedup lets through and write for each applied status, the
 * customer store's read and write for each applied transition. The stores are of the app's kinds
 * and names (RocksDB window and key-value stores, the app's RocksDB settings, opened as {@link
 * HotPathBenchmark} opens them) with byte serdes, so what is measured is Kafka Streams' store layers
 * and RocksDB: the part of {@link HotPathBenchmark#hotPath} that no change of the app's own code
 * takes away while these stores hold its state. Per input record, like {@code hotPath}. As there,
 * the stores run without Kafka Streams' record cache, which the app puts in front of the order and
 * customer stores (not the dedup store: {@link #dedupStore} is its part alone).
 *
 * <p>{@code dedup=window} is the app's dedup store; {@code dedup=keyValue} puts the same entries in
 * a RocksDB key-value store and looks them up by point reads, a layout the app does not have: it
 * shows what replacing the window store's range lookup would save at most (it leaves out the
 * expiry such a layout would need). {@code dedup=keyValueExpiring} adds that expiry, as a
 * key-value layout would need it: each entry's value is its first-seen time and payload hash, a
 * second store orders the entries by first-seen time, and every {@value #EXPIRE_EVERY} events (a
 * punctuation) the entries whose time has left the window are deleted from both. So that entries
 * expire during the run as fast as they come in, as in a steady state, its window is {@value
 * #EXPIRING_WINDOW_MS} events of stream time instead of the app's 7 days; the other layouts'
 * costs do not depend on the window's length here (every lookup stays within one segment).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 20)
@Fork(1)
public class StoresOnlyBenchmark {
    private static final int RECORDS = HotPathBenchmark.RECORDS;

    /** Events between two expiries of {@code dedup=keyValueExpiring}: a punctuation a second at 1,000 events/s. */
    static final int EXPIRE_EVERY = 1_000;
    /** The window of {@code dedup=keyValueExpiring}, in events (a millisecond each). */
    static final long EXPIRING_WINDOW_MS = 2_000;

    @Param({"window", "keyValue", "keyValueExpiring"})
    public String dedup;

    private Bytes[] dedupKeys;
    private byte[][] payloadHashes;
    private boolean[] firstSeen;
    private Bytes[] orderKeys;
    /** The new status of each order-store read, null where the state machine refuses the event. */
    private byte[][] statuses;

    private Bytes[] customerKeys;
    private byte[][] customerStats;

    private StoreContext context;
    private WindowStore<Bytes, byte[]> dedupWindows;
    private KeyValueStore<Bytes, byte[]> dedupPoints;
    /** {@code dedup=keyValueExpiring}'s second store: first-seen time (8 bytes, big-endian) and key, no value. */
    private KeyValueStore<Bytes, byte[]> dedupByTime;

    private KeyValueStore<Bytes, byte[]> orders;
    private KeyValueStore<Bytes, byte[]> customers;

    @Setup(Level.Trial)
    public void encode() {
        SeededStream stream = new SeededStream(RECORDS);
        DedupKey.Hasher hasher = new DedupKey.Hasher();
        Serializer<Long> hashes = Serdes.Long().serializer();
        Serializer<String> keys = StoredFormats.stringKeys().serializer();
        ToLongFunction<OrderEvent> payloadHash =
                StoredFormats.of(OrdersConfig.defaults()).payloadHash();
        int valid = stream.valid.size();
        dedupKeys = new Bytes[valid];
        payloadHashes = new byte[valid][];
        firstSeen = new boolean[valid];
        Set<Bytes> seen = new HashSet<>();
        for (int i = 0; i < valid; i++) {
            OrderEvent event = stream.valid.get(i);
            dedupKeys[i] = Bytes.wrap(hasher.hash(new DedupKey(event.getOrderId(), event.getEventId())));
            payloadHashes[i] = hashes.serialize(null, payloadHash.applyAsLong(event));
            firstSeen[i] = seen.add(dedupKeys[i]);
        }
        AvroSerde<OrderStatus> statusSerde = AvroSerde.orderStatus();
        List<OrderEvent> fresh = stream.fresh;
        orderKeys = new Bytes[fresh.size()];
        statuses = new byte[fresh.size()][];
        for (int i = 0; i < fresh.size(); i++) {
            orderKeys[i] = Bytes.wrap(keys.serialize(null, fresh.get(i).getOrderId()));
            OrderStatus next = stream.applied.get(i);
            statuses[i] = next == null ? null : statusSerde.serialize(null, next);
        }
        AvroSerde<CustomerStats> statsSerde = AvroSerde.customerStats();
        Map<String, CustomerStats> stats = new HashMap<>();
        List<OrderTransition> transitions = stream.transitions;
        customerKeys = new Bytes[transitions.size()];
        customerStats = new byte[transitions.size()][];
        for (int i = 0; i < transitions.size(); i++) {
            String customer = transitions.get(i).getOrder().getCustomerId();
            CustomerStats next = CustomerStatsAggregator.apply(stats.get(customer), transitions.get(i));
            stats.put(customer, next);
            customerKeys[i] = Bytes.wrap(keys.serialize(null, customer));
            customerStats[i] = statsSerde.serialize(null, next);
        }
    }

    @Setup(Level.Iteration)
    public void freshStores() {
        context = new StoreContext();
        if (dedup.equals("window")) {
            dedupWindows = context.open(Stores.windowStoreBuilder(
                    Stores.persistentWindowStore(
                            DedupProcessor.STORE, BenchmarkStages.WINDOW, BenchmarkStages.WINDOW, false),
                    Serdes.Bytes(),
                    Serdes.ByteArray()));
        } else {
            dedupPoints = context.open(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(DedupProcessor.STORE), Serdes.Bytes(), Serdes.ByteArray()));
            if (dedup.equals("keyValueExpiring")) {
                dedupByTime = context.open(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DedupProcessor.STORE + "-by-time"),
                        Serdes.Bytes(),
                        Serdes.ByteArray()));
            }
        }
        orders = context.open(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(OrderStateProcessor.STORE), Serdes.Bytes(), Serdes.ByteArray()));
        customers = context.open(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CustomerStatsProcessor.STORE), Serdes.Bytes(), Serdes.ByteArray()));
    }

    @TearDown(Level.Iteration)
    public void closeStores() {
        context.close();
    }

    /** All three stores' operations. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void stores(Blackhole blackhole) {
        dedupOperations(blackhole);
        for (int i = 0; i < orderKeys.length; i++) {
            blackhole.consume(orders.get(orderKeys[i]));
            if (statuses[i] != null) {
                orders.put(orderKeys[i], statuses[i]);
            }
        }
        for (int i = 0; i < customerKeys.length; i++) {
            blackhole.consume(customers.get(customerKeys[i]));
            customers.put(customerKeys[i], customerStats[i]);
        }
    }

    /** The dedup store's alone: the one of the three that the app does not cache. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void dedupStore(Blackhole blackhole) {
        dedupOperations(blackhole);
    }

    private void dedupOperations(Blackhole blackhole) {
        long windowMs = BenchmarkStages.WINDOW.toMillis();
        for (int i = 0; i < dedupKeys.length; i++) {
            long now = i + 1; // as the dedup stage's benchmark: a millisecond a valid event
            if (dedupWindows != null) {
                try (WindowStoreIterator<byte[]> entries =
                        dedupWindows.fetch(dedupKeys[i], Math.max(0, now - windowMs + 1), now)) {
                    blackhole.consume(entries.hasNext() ? entries.next().value : null);
                }
                if (firstSeen[i]) {
                    dedupWindows.put(dedupKeys[i], payloadHashes[i], now);
                }
            } else if (dedupByTime == null) {
                blackhole.consume(dedupPoints.get(dedupKeys[i]));
                if (firstSeen[i]) {
                    dedupPoints.put(dedupKeys[i], payloadHashes[i]);
                }
            } else {
                expiringOperations(i, now, blackhole);
            }
        }
    }

    /**
     * One event in {@code dedup=keyValueExpiring}: a point read, which counts only an entry still in
     * the window; for a new event its entry and its place in the time order; every {@value
     * #EXPIRE_EVERY} events the expiry.
     */
    private void expiringOperations(int i, long now, Blackhole blackhole) {
        byte[] entry = dedupPoints.get(dedupKeys[i]);
        boolean seen = entry != null && ByteBuffer.wrap(entry).getLong() > now - EXPIRING_WINDOW_MS;
        blackhole.consume(seen);
        if (!seen) {
            dedupPoints.put(
                    dedupKeys[i],
                    ByteBuffer.allocate(2 * Long.BYTES)
                            .putLong(now)
                            .put(payloadHashes[i])
                            .array());
            dedupByTime.put(byTime(now, dedupKeys[i]), new byte[0]);
        }
        if (now % EXPIRE_EVERY == 0) {
            expire(now - EXPIRING_WINDOW_MS);
        }
    }

    /**
     * Deletes every entry first seen at or before {@code until}, unless its key has been seen again
     * since (after its own expiry): the entry is then a newer one, with its own place in the order.
     */
    private void expire(long until) {
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> oldest = dedupByTime.range(
                null,
                Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(until + 1).array()))) {
            oldest.forEachRemaining(entry -> expired.add(entry.key));
        }
        for (Bytes timeAndKey : expired) {
            ByteBuffer bytes = ByteBuffer.wrap(timeAndKey.get());
            long time = bytes.getLong();
            Bytes key = Bytes.wrap(Arrays.copyOfRange(timeAndKey.get(), Long.BYTES, timeAndKey.get().length));
            byte[] entry = dedupPoints.get(key);
            if (entry != null && ByteBuffer.wrap(entry).getLong() == time) {
                dedupPoints.delete(key);
            }
            dedupByTime.delete(timeAndKey);
        }
    }

    private static Bytes byTime(long time, Bytes key) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + key.get().length)
                .putLong(time)
                .put(key.get())
                .array());
    }
}
