package io.orderseos.store;

import io.orderseos.config.OrdersConfig;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
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
 */
public final class RocksDbSettings implements RocksDBConfigSetter {
    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object memtable = configs.get(OrdersConfig.ROCKSDB_MEMTABLE_BYTES);
        if (memtable != null && !memtable.toString().isEmpty()) {
            options.setWriteBufferSize(Long.parseLong(memtable.toString()));
        }
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing of its own to release.
    }
}
