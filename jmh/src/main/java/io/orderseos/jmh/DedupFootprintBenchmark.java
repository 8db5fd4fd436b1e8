package io.orderseos.jmh;

import io.orderseos.config.OrdersConfig;
import io.orderseos.dedup.DedupKey;
import io.orderseos.dedup.DedupProcessor;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.WindowStore;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the dedup store takes on disk per event, by the shape of the event IDs and the store's
 * compression ({@code orders.rocksdb.compression}): {@value #EVENTS} entries written to the app's
 * dedup store (its builder, key serde and RocksDB settings), the store closed (RocksDB writes its
 * memtables to SST files as it closes, as after a clean stop), and the SST files' bytes divided by
 * the entries, reported as {@code sstBytesPerEvent}. {@code generated}: the IDs of the
 * load generator, {@code <orderId>-<step>} (so {@code bench}'s figure); {@code uuid}: a random UUID
 * per event, as many producers make them. Four events per order, a hash per entry, stream time
 * moving 10 ms per event. The time it reports is the writing, and not the point.
 *
 * <p>The app's store (its name, kind and settings); {@code key=hashed} is the key the app writes,
 * {@code key=exact} the one releases 0.1.x wrote (and the app during a rolling upgrade from them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(1)
public class DedupFootprintBenchmark {
    static final int EVENTS = 200_000;
    private static final String[] STEPS = {"placed", "paid", "shipped", "delivered"};

    @Param({"generated", "uuid"})
    public String ids;

    @Param({"none", "lz4", "zstd"})
    public String compression;

    @Param({"hashed", "exact"})
    public String key;

    /** The figure, as JMH's secondary result of the one invocation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        public double sstBytesPerEvent;

        @Setup(Level.Iteration)
        public void clear() {
            sstBytesPerEvent = 0;
        }
    }

    @Benchmark
    public void fill(Footprint footprint) {
        SplittableRandom random = new SplittableRandom(42);
        DedupKey.Hasher hasher = new DedupKey.Hasher();
        try (StoreContext stores = new StoreContext(Map.of(OrdersConfig.ROCKSDB_COMPRESSION, compression))) {
            WindowStore<Bytes, Long> dedup = stores.open(BenchmarkStages.<WindowStore<Bytes, Long>>only(
                    DedupProcessor.supplier(BenchmarkStages.WINDOW, event -> 0L, false)
                            .stores()));
            long streamTime = 1_767_225_600_000L;
            for (int event = 0; event < EVENTS; event++) {
                String orderId = "o-" + event / STEPS.length;
                String eventId = ids.equals("uuid")
                        ? new UUID(random.nextLong(), random.nextLong()).toString()
                        : orderId + "-" + STEPS[event % STEPS.length];
                long time = streamTime + 10L * event;
                DedupKey id = new DedupKey(orderId, eventId);
                dedup.put(Bytes.wrap(key.equals("hashed") ? hasher.hash(id) : id.exact()), random.nextLong(), time);
            }
            // RocksDB writes its memtables to SST files as it closes, as after a clean stop
            dedup.close();
            footprint.sstBytesPerEvent = (double) stores.sstBytes() / EVENTS;
        }
    }
}
