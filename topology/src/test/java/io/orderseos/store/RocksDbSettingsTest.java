package io.orderseos.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

class RocksDbSettingsTest {
    @Test
    void compressesWithZstdByDefault() {
        try (Options options = new Options()) {
            new RocksDbSettings().setConfig("dedup-store", options, Map.of());

            assertThat(options.compressionType()).isEqualTo(CompressionType.ZSTD_COMPRESSION);
        }
    }

    @Test
    void appliesTheAppsSettings() {
        try (Options options = new Options()) {
            new RocksDbSettings()
                    .setConfig(
                            "customer-stats-store",
                            options,
                            Map.of(
                                    OrdersConfig.ROCKSDB_COMPRESSION, "none",
                                    OrdersConfig.ROCKSDB_MEMTABLE_BYTES, "65536"));

            assertThat(options.compressionType()).isEqualTo(CompressionType.NO_COMPRESSION);
            assertThat(options.writeBufferSize()).isEqualTo(65536);
        }
    }

    @Test
    void knowsEveryValueTheSettingAccepts() {
        for (String name : RocksDbSettings.COMPRESSIONS) {
            assertThat(RocksDbSettings.compression(name)).isNotNull();
        }
    }
}
