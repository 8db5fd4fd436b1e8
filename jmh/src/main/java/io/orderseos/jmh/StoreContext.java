package io.orderseos.jmh;

import io.orderseos.store.RocksDbSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.LogContext;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.internals.ProcessorContextImpl;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.processor.internals.ProcessorStateManager;
import org.apache.kafka.streams.processor.internals.StateDirectory;
import org.apache.kafka.streams.processor.internals.Task;
import org.apache.kafka.streams.processor.internals.metrics.StreamsMetricsImpl;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.ThreadCache;

/**
 * Real state stores outside a running Kafka Streams, opened the way Kafka's own JMH benchmarks of
 * state stores do ({@code jmh-benchmarks/.../streams/statestores}): a task's {@link
 * ProcessorContextImpl} over a {@link ProcessorStateManager} and a {@link StateDirectory} in a
 * temporary directory. The stores are what the app builds (the same {@code Stores} builders, serdes,
 * metered layers and RocksDB settings) with the changelog left out: writing it needs a producer, and a benchmark of
 * the per-record path has none. Internal classes of Kafka Streams, pinned by the build to 4.4.0.
 */
final class StoreContext implements AutoCloseable {
    private final Path dir;
    private final ProcessorContextImpl context;
    private final List<StateStore> stores = new ArrayList<>();

    /** Stores with the app's default RocksDB settings. */
    StoreContext() {
        this(Map.of());
    }

    /**
     * Stores with the app's RocksDB settings ({@code RocksDbSettings}), {@code settings} (such as
     * {@code orders.rocksdb.compression}) over their defaults.
     */
    StoreContext(Map<String, String> settings) {
        try {
            dir = Files.createTempDirectory("orders-eos-jmh-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StreamsMetricsImpl metrics = new StreamsMetricsImpl(new Metrics(), "orders-eos-jmh", Time.SYSTEM);
        Map<String, Object> configs = new HashMap<>(settings);
        configs.put(StreamsConfig.APPLICATION_ID_CONFIG, "orders-eos-jmh");
        configs.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        configs.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        configs.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbSettings.class);
        StreamsConfig config = new StreamsConfig(configs);
        TaskId task = new TaskId(0, 0);
        ProcessorStateManager stateManager = new ProcessorStateManager(
                task,
                Task.TaskType.ACTIVE,
                false,
                false,
                new LogContext("jmh "),
                new StateDirectory(config, Time.SYSTEM, true, false),
                Time.SYSTEM,
                Map.of(),
                Set.of());
        ThreadCache cache = new ThreadCache(new LogContext("jmh "), 0, metrics);
        context = new ProcessorContextImpl(task, config, stateManager, metrics, cache);
        context.setRecordContext(new ProcessorRecordContext(0, 0, 0, "orders", new RecordHeaders()));
    }

    /** Builds and opens a store from the app's own builder, without changelog and cache. */
    <S extends StateStore> S open(StoreBuilder<S> builder) {
        S store = builder.withLoggingDisabled().withCachingDisabled().build();
        store.init((StateStoreContext) context, store);
        stores.add(store);
        return store;
    }

    /** Bytes of the SST files under the stores' directory: what they hold on disk once flushed. */
    long sstBytes() {
        try (Stream<Path> paths = Files.walk(dir)) {
            long bytes = 0;
            for (Path path :
                    paths.filter(file -> file.toString().endsWith(".sst")).toList()) {
                bytes += Files.size(path);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the stores and deletes their files. */
    @Override
    public void close() {
        stores.forEach(StateStore::close);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
