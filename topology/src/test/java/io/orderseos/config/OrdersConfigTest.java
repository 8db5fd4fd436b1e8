package io.orderseos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrdersConfigTest {

    @Test
    void defaultsAreExactlyOnceWithTheContractsTopics() {
        OrdersConfig config = OrdersConfig.defaults();

        assertThat(config.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(config.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG))
                .isEqualTo("true");
        assertThat(config.inputTopic()).isEqualTo("orders");
        assertThat(config.statusTopic()).isEqualTo("order-status");
        assertThat(config.customerStatsTopic()).isEqualTo("customer-stats");
        assertThat(config.dlqTopic()).isEqualTo("orders-dlq");
        assertThat(config.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
                .isEqualTo("orders-dlq");
        assertThat(config.dedupWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(config.applicationId()).isEqualTo("orders-eos");
    }

    @Test
    void defaultsAreSetForFastFailover() {
        OrdersConfig config = OrdersConfig.defaults();

        assertThat(config.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("1");
        assertThat(config.get("session.timeout.ms")).isEqualTo("6000");
        assertThat(config.get("heartbeat.interval.ms")).isEqualTo("1500");
        assertThat(config.get("producer.transaction.timeout.ms")).isEqualTo("3000");
        assertThat(config.get("processing.exception.handler.global.enabled")).isEqualTo("true");
        assertThat(config.httpPort()).isEqualTo(7070);
        assertThat(config.queryAllowStale()).isFalse();
        assertThat(config.topicsAutoCreate()).isFalse();
    }

    @Test
    void internalTopicsKeepTwoInSyncReplicasOfThree() {
        String minInSync = StreamsConfig.topicPrefix("min.insync.replicas");

        assertThat(OrdersConfig.of(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3"))
                        .kafkaProperties())
                .containsEntry(minInSync, "2");
        assertThat(OrdersConfig.of(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "2"))
                        .kafkaProperties())
                .containsEntry(minInSync, "1");
        assertThat(OrdersConfig.of(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3", minInSync, "3"))
                        .kafkaProperties())
                .as("an explicit setting wins")
                .containsEntry(minInSync, "3");
        assertThat(OrdersConfig.defaults().kafkaProperties())
                .as("the broker's default replication factor: the broker's default min.insync.replicas")
                .doesNotContainKey(minInSync);
        assertThat(OrdersConfig.of(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3"))
                        .with(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1"))
                        .kafkaProperties())
                .as("derived again when the replication factor changes")
                .containsEntry(minInSync, "1");
    }

    @Test
    void committedStateIsWhatQueriesReadByDefault() {
        OrdersConfig config = OrdersConfig.defaults();

        assertThat(config.get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isEqualTo("true");
        assertThat(config.queryIsolation()).isEqualTo(IsolationLevel.READ_COMMITTED);
        assertThat(config.get(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG))
                .isEqualTo(Long.toString(32L << 20));
        assertThat(OrdersConfig.of(Map.of(
                                StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG, "read_uncommitted"))
                        .queryIsolation())
                .isEqualTo(IsolationLevel.READ_UNCOMMITTED);
    }

    @Test
    void committedReadsNeedTransactionalStores() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "false")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG)
                .hasMessageContaining("READ_COMMITTED needs enable.transactional.statestores=true");
        assertThat(OrdersConfig.of(Map.of(
                                StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, "false",
                                StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG, "READ_UNCOMMITTED"))
                        .queryIsolation())
                .isEqualTo(IsolationLevel.READ_UNCOMMITTED);
    }

    @Test
    void aQueryWaitsLessThanAForwardMayTake() {
        assertThat(OrdersConfig.defaults().queryWaitMax()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.QUERY_WAIT_MAX, "PT2S")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.QUERY_WAIT_MAX)
                .hasMessageContaining("shorter than orders.http.forward.timeout");
    }

    @Test
    void aMemtableSizeIsInRange() {
        assertThat(OrdersConfig.of(Map.of(OrdersConfig.ROCKSDB_MEMTABLE_BYTES, "65536"))
                        .get(OrdersConfig.ROCKSDB_MEMTABLE_BYTES))
                .isEqualTo("65536");
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.ROCKSDB_MEMTABLE_BYTES, "1000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.ROCKSDB_MEMTABLE_BYTES);
    }

    @Test
    void storesAreCompressedWithZstdUnlessToldOtherwise() {
        assertThat(OrdersConfig.defaults().get(OrdersConfig.ROCKSDB_COMPRESSION))
                .isEqualTo("zstd");
        assertThat(OrdersConfig.of(Map.of(OrdersConfig.ROCKSDB_COMPRESSION, "none"))
                        .get(OrdersConfig.ROCKSDB_COMPRESSION))
                .isEqualTo("none");
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.ROCKSDB_COMPRESSION, "gzip")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.ROCKSDB_COMPRESSION);
    }

    @Test
    void theTransactionTimeoutFollowsALongCommitInterval() {
        String timeout = "producer.transaction.timeout.ms";

        assertThat(OrdersConfig.of(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000"))
                        .get(timeout))
                .isEqualTo("3000");
        assertThat(OrdersConfig.of(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "10000"))
                        .get(timeout))
                .as("Kafka Streams refuses a timeout below the commit interval")
                .isEqualTo("20000");
        assertThat(OrdersConfig.of(Map.of("transaction.timeout.ms", "9000")).get(timeout))
                .as("given")
                .isNull();
        assertThat(OrdersConfig.of(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once"))
                        .get(timeout))
                .isNull();
        assertThat(OrdersConfig.of(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "10000"))
                        .with(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"))
                        .get(timeout))
                .as("derived again")
                .isEqualTo("3000");
    }

    @Test
    void upgradeFromNamesARecordedRelease() {
        assertThat(OrdersConfig.defaults().upgradeFrom()).isEmpty();
        assertThat(OrdersConfig.of(Map.of(OrdersConfig.UPGRADE_FROM, "0.1.0")).upgradeFrom())
                .contains("0.1.0");
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.UPGRADE_FROM, "0.0.9")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.UPGRADE_FROM)
                .hasMessageContaining("known: [0.1.0, 0.1.1]");
    }

    @Test
    void overridesWinOverDefaults() {
        OrdersConfig config = OrdersConfig.of(Map.of(
                OrdersConfig.DEDUP_WINDOW, "PT12H",
                OrdersConfig.DLQ_TOPIC, "dead",
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, "4"));

        assertThat(config.dedupWindow()).isEqualTo(Duration.ofHours(12));
        assertThat(config.dlqTopic()).isEqualTo("dead");
        assertThat(config.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
                .isEqualTo("dead");
        assertThat(config.kafkaProperties()).containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "4");
    }

    @Test
    void badDurationNamesTheKey() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.DEDUP_WINDOW, "7 days")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.DEDUP_WINDOW)
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void nonPositiveWindowIsRejected() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.DEDUP_WINDOW, "PT0S")))
                .hasMessageContaining(OrdersConfig.DEDUP_WINDOW)
                .hasMessageContaining("must be positive");
    }

    @Test
    void unknownAppKeyIsRejected() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of("orders.dedup.windw", "P1D")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("orders.dedup.windw")
                .hasMessageContaining("unknown orders-eos setting");
    }

    @Test
    void badKafkaValueNamesTheKey() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_twice")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "orders.topics.auto.create, yes, Expected value to be either true or false",
        "orders.query.allow.stale, 1, Expected value to be either true or false",
        "orders.http.port, 70000, Value must be no more than 65535",
        "orders.topics.partitions, many, Not a number of type INT",
        "orders.topics.replication.factor, 0, Value must be at least 1",
        "orders.rocksdb.memtable.bytes, 64 MiB, expected a whole number",
        "orders.topics.dlq.retention, 30 days, ISO-8601",
        "orders.registry.url, ftp://registry/apis, expected the registry's REST API",
    })
    void eachBadValueIsRefusedNamingTheKeyAndTheValue(String key, String value, String reason) {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value " + value + " for configuration " + key)
                .hasMessageContaining(reason);
    }

    @Test
    void illegalTopicNameIsRejected() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.INPUT_TOPIC, "orders/eu")))
                .hasMessageContaining(OrdersConfig.INPUT_TOPIC);
    }

    @Test
    void topicsMustDiffer() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.DLQ_TOPIC, "orders")))
                .hasMessageContaining("four different topics");
    }

    @Test
    void deadLetterTopicIsSetThroughOneKeyOnly() {
        assertThatThrownBy(() ->
                        OrdersConfig.of(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "elsewhere")))
                .hasMessageContaining(OrdersConfig.DLQ_TOPIC);
    }

    @Test
    void sizeCapsAreBounded() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.DLQ_MAX_BYTES, "10")))
                .hasMessageContaining(OrdersConfig.DLQ_MAX_BYTES)
                .hasMessageContaining("at least 1024");
    }

    @Test
    void deadLetterCapMustLeaveRoomForHeadersWithinTheProducersRequestSize() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.DLQ_MAX_BYTES, "1000000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.DLQ_MAX_BYTES)
                .hasMessageContaining("max.request.size of 1048576");
        assertThatThrownBy(() -> OrdersConfig.of(Map.of("max.request.size", "500000")))
                .hasMessageContaining(OrdersConfig.DLQ_MAX_BYTES)
                .hasMessageContaining("max.request.size of 500000");

        OrdersConfig raised =
                OrdersConfig.of(Map.of(OrdersConfig.DLQ_MAX_BYTES, "1000000", "producer.max.request.size", "2097152"));
        assertThat(raised.dlqMaxBytes()).isEqualTo(1_000_000);
    }

    @Test
    void badMaxRequestSizeNamesTheKey() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of("producer.max.request.size", "1 MiB")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("producer.max.request.size");
    }

    @Test
    void futureTimestampAllowanceIsAPositiveDurationOfAtMostAYear() {
        assertThat(OrdersConfig.defaults().timestampMaxFuture()).isEqualTo(Duration.ofMinutes(15));
        assertThat(OrdersConfig.of(Map.of(OrdersConfig.TIMESTAMP_MAX_FUTURE, "PT1H"))
                        .timestampMaxFuture())
                .isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.TIMESTAMP_MAX_FUTURE, "-PT1H")))
                .hasMessageContaining(OrdersConfig.TIMESTAMP_MAX_FUTURE)
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.TIMESTAMP_MAX_FUTURE, "P400D")))
                .hasMessageContaining(OrdersConfig.TIMESTAMP_MAX_FUTURE)
                .hasMessageContaining("at most P365D");
    }

    @Test
    void secretsNeverAppearInToString() {
        OrdersConfig config = OrdersConfig.of(Map.of(
                "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"hunter2\";",
                "ssl.truststore.password", "hunter3"));

        assertThat(config.toString())
                .doesNotContain("hunter2")
                .doesNotContain("hunter3")
                .contains("[hidden]");
    }

    @Test
    void secretKeysOfEveryKindAreMasked() {
        OrdersConfig config = OrdersConfig.of(Map.of(
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY----- hunter4",
                "basic.auth.user.info", "user:hunter5"));

        assertThat(config.toString()).doesNotContain("hunter4").doesNotContain("hunter5");
    }

    @Test
    void unknownSecretKeyIsRejectedWithoutItsValue() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of("orders.registry.password", "hunter6")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("orders.registry.password")
                .hasMessageNotContaining("hunter6");
    }

    @Test
    void appSettingComesFromAConfigProvider(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "window=PT3H\n");

        OrdersConfig config =
                OrdersConfig.of(withFileProvider(dir, OrdersConfig.DEDUP_WINDOW, "${file:" + file + ":window}"));

        assertThat(config.dedupWindow()).isEqualTo(Duration.ofHours(3));
        assertThat(config.get(OrdersConfig.DEDUP_WINDOW)).isEqualTo("PT3H");
    }

    @Test
    void secretFromAConfigProviderIsResolvedByKafkaNotPrinted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "jaas=ScramLoginModule required password=\"hunter7\";\n");
        String variable = "${file:" + file + ":jaas}";

        OrdersConfig config = OrdersConfig.of(withFileProvider(dir, "sasl.jaas.config", variable));

        assertThat(config.kafkaProperties())
                .as("left for Kafka's clients to resolve")
                .containsEntry("sasl.jaas.config", variable);
        assertThat(config.get("sasl.jaas.config")).contains("hunter7");
        assertThat(config.toString()).doesNotContain("hunter7");
    }

    @Test
    void providerVariableThatDoesNotResolveNamesTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "window=PT3H\n");

        assertThatThrownBy(() -> OrdersConfig.of(
                        withFileProvider(dir, OrdersConfig.DEDUP_WINDOW, "${file:" + file + ":no-such-key}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.DEDUP_WINDOW)
                .hasMessageContaining("config provider 'file' did not resolve it");
    }

    @Test
    void providerPathOutsideItsAllowListDoesNotResolve(@TempDir Path dir) throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Path file = elsewhere.resolve("app.properties");
        Files.writeString(file, "window=PT3H\n");

        assertThatThrownBy(() -> OrdersConfig.of(
                        withFileProvider(allowed, OrdersConfig.DEDUP_WINDOW, "${file:" + file + ":window}")))
                .hasMessageContaining(OrdersConfig.DEDUP_WINDOW);
    }

    /** {@code key=value} with Kafka's file config provider declared, allowed to read below {@code dir}. */
    private static Map<String, String> withFileProvider(Path dir, String key, String value) {
        return Map.of(
                "config.providers",
                "file",
                "config.providers.file.class",
                FileConfigProvider.class.getName(),
                "config.providers.file.param.allowed.paths",
                dir.toString(),
                key,
                value);
    }

    @Test
    void singleObjectIsTheDefaultWireFormat() {
        OrdersConfig config = OrdersConfig.defaults();

        assertThat(config.registryMode()).isFalse();
        assertThat(config.get(OrdersConfig.SERDE)).isEqualTo(OrdersConfig.SINGLE_OBJECT);
        assertThat(config.registryTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void registryModeNeedsAValidRegistryUrlAndPassesTheClientSettingsThrough() {
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.SERDE, "registry")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.REGISTRY_URL)
                .hasMessageContaining("required with orders.serde=registry");
        assertThatThrownBy(() -> OrdersConfig.of(
                        Map.of(OrdersConfig.SERDE, "registry", OrdersConfig.REGISTRY_URL, "registry:8080")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.REGISTRY_URL);
        assertThatThrownBy(() -> OrdersConfig.of(Map.of(OrdersConfig.SERDE, "confluent")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(OrdersConfig.SERDE)
                .hasMessageContaining("one of: single-object, registry");
        assertThatThrownBy(() -> OrdersConfig.of(Map.of("apicurio.registry.url", "http://r:8080/apis/registry/v3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("set the registry with " + OrdersConfig.REGISTRY_URL + " only");

        OrdersConfig config = OrdersConfig.of(Map.of(
                OrdersConfig.SERDE,
                "registry",
                OrdersConfig.REGISTRY_URL,
                "https://registry:8443/apis/registry/v3",
                "apicurio.registry.auth.username",
                "orders",
                "apicurio.registry.auth.password",
                "s3cret"));
        assertThat(config.registryMode()).isTrue();
        assertThat(config.registryClientConfig())
                .containsOnly(
                        Map.entry("apicurio.registry.url", "https://registry:8443/apis/registry/v3"),
                        Map.entry("apicurio.registry.auth.username", "orders"),
                        Map.entry("apicurio.registry.auth.password", "s3cret"));
        assertThat(config.toString()).doesNotContain("s3cret");
    }
}
