package io.orderseos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {
    @TempDir
    Path dir;

    @Test
    void environmentMapsToPropertyNames() {
        Map<String, String> values = ConfigSources.fromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "KAFKA_NUM_STANDBY_REPLICAS", "1",
                "ORDERS_DEDUP_WINDOW", "PT1H",
                "ORDERS_CUSTOMER_STATS_TOPIC", "stats",
                "APICURIO_REGISTRY_AUTH_USERNAME", "orders",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "PATH", "/usr/bin"));

        assertThat(values)
                .containsOnly(
                        Map.entry("bootstrap.servers", "broker:9092"),
                        Map.entry("num.standby.replicas", "1"),
                        Map.entry("orders.dedup.window", "PT1H"),
                        Map.entry("orders.customer.stats.topic", "stats"),
                        Map.entry("apicurio.registry.auth.username", "orders"));
    }

    @Test
    void environmentWinsOverFileWinsOverDefaults() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "orders.dedup.window=PT2H\nbootstrap.servers=file:9092\napplication.id=from-file\n");

        OrdersConfig config =
                ConfigSources.load(List.of("--config", file.toString()), Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092"));

        assertThat(config.dedupWindow()).isEqualTo(Duration.ofHours(2));
        assertThat(config.get("bootstrap.servers")).isEqualTo("env:9092");
        assertThat(config.applicationId()).isEqualTo("from-file");
        assertThat(config.inputTopic()).isEqualTo("orders");
    }

    @Test
    void badEnvironmentValueNamesTheKey() {
        assertThatThrownBy(() -> ConfigSources.load(List.of(), Map.of("ORDERS_DEDUP_WINDOW", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("orders.dedup.window");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> ConfigSources.load(
                        List.of("--config", dir.resolve("nope").toString()), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--config")
                .hasMessageContaining("cannot read the file");
    }

    @Test
    void unknownArgumentIsUsageError() {
        assertThatThrownBy(() -> ConfigSources.load(List.of("--bootstrap", "x"), Map.of()))
                .isInstanceOf(ConfigSources.UsageException.class)
                .hasMessageContaining("unexpected argument '--bootstrap'")
                .hasMessageContaining("usage:");
    }
}
