package io.orderseos.store;

import io.orderseos.config.OrdersConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/**
 * The RocksDB options of every store, from the app's own settings; anything not set here keeps
 * Kafka Streams' defaults.
 *
 * <p>{@code orders.rocksdb.memtable.bytes}: the size of a store's memtable (Kafka Streams' default:
 * 16 MiB, three of them). With transactional state stores, RocksDB's write-ahead log off, what is on
 * disk after a {@code kill -9} is what the last memtable flush wrote, together with the changelog
 * offset it reached; a restart restores the changelog from there. A smaller memtable flushes more
 * often, so a crash restores less, at the cost of more, smaller files to compact.
 *
 * <p>{@code orders.rocksdb.compression}: how a store's files (its SST blocks) are compressed; Kafka
 * Streams writes them uncompressed. The app's default is ZSTD, which keeps the dedup store's hashed
 * keys at 31 bytes per event (LZ4 at 38, none at 43: {@code DedupFootprintBenchmark},
 * docs/performance.md), at a CPU cost {@code bench} compares with LZ4 side by side. The setting
 * changes only how new files are written: RocksDB records each block's compression, so a store
 * holds files of either kind, and any release, with this setting or without, opens it.
 */
public final class RocksDbSettings implements RocksDBConfigSetter {
    /** The values of {@code orders.rocksdb.compression}. */
    public static final List<String> COMPRESSIONS = List.of("none", "lz4", "zstd", "snappy");

    public static final String DEFAULT_COMPRESSION = "zstd";

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object memtable = configs.get(OrdersConfig.ROCKSDB_MEMTABLE_BYTES);
        if (memtable != null && !memtable.toString().isEmpty()) {
            options.setWriteBufferSize(Long.parseLong(memtable.toString()));
        }
        Object compression = configs.get(OrdersConfig.ROCKSDB_COMPRESSION);
        options.setCompressionType(compression(compression == null ? DEFAULT_COMPRESSION : compression.toString()));
    }

    /** RocksDB's compression for a value of {@code orders.rocksdb.compression}. */
    static CompressionType compression(String name) {
        return switch (name) {
            case "none" -> CompressionType.NO_COMPRESSION;
            case "lz4" -> CompressionType.LZ4_COMPRESSION;
            case "zstd" -> CompressionType.ZSTD_COMPRESSION;
            case "snappy" -> CompressionType.SNAPPY_COMPRESSION;
            default ->
                throw new IllegalArgumentException(
                        OrdersConfig.ROCKSDB_COMPRESSION + " must be one of " + COMPRESSIONS + ", not " + name);
        };
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing of its own to release.
    }
}
