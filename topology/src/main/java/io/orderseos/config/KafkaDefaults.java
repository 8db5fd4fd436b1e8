package io.orderseos.config;

import io.orderseos.deadletter.DeadLetterHandlers;
import io.orderseos.store.RocksDbSettings;
import io.orderseos.time.OrderTimestampExtractor;
import io.orderseos.topology.TopicSpec;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams and client settings orders-eos runs with unless told otherwise: fixed values,
 * and values derived from other settings. Each carries what it is for, as the configuration
 * reference shows it (Markdown). The handler and extractor classes are what make the dead-letter
 * contract hold; replace them knowingly.
 */
final class KafkaDefaults {
    /** A setting orders-eos gives a value of its own: the value (or how it is derived) and why. */
    record Setting(String key, String value, String meaning) {}

    /** The shortest transaction timeout the app sets by itself. */
    private static final long TRANSACTION_TIMEOUT_MS = 3_000;

    static final List<Setting> FIXED = List.of(
            new Setting(StreamsConfig.APPLICATION_ID_CONFIG, "orders-eos", "Kafka Streams application id"),
            new Setting(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092", "the brokers"),
            new Setting(
                    StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                    StreamsConfig.EXACTLY_ONCE_V2,
                    "outputs, changelogs, dead letters and input offsets commit in one transaction"),
            new Setting(
                    StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG,
                    "true",
                    "every store, repartition topic and processor has a chosen name"),
            new Setting(
                    StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    DeadLetterHandlers.Deserialization.class.getName(),
                    "fails on a record that cannot be decoded, which is a fault: the input topic's source"
                            + " never fails on bad data (validate dead-letters it); replace it knowingly"),
            new Setting(
                    StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                    DeadLetterHandlers.Processing.class.getName(),
                    "dead-letters the records a processor rejects; part of the dead-letter contract, replace it"
                            + " knowingly"),
            new Setting(
                    StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG,
                    OrderTimestampExtractor.class.getName(),
                    "the record's timestamp, a negative one replaced and a future one clamped"
                            + " (`orders.timestamp.max.future`); replace it knowingly"),
            // Kafka warns at every start until this is true, and 5.0 makes it the only behaviour (hence
            // the constant's deprecation).
            new Setting(
                    "processing.exception.handler.global.enabled",
                    "true",
                    "silences Kafka's warning at every start; there are no global stores"),
            // KIP-892. Every store here, the dedup window store included, supports it in 4.4.
            new Setting(
                    StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG,
                    "true",
                    "stores apply writes at commit: a crash keeps the committed state"
                            + " ([below](#transactional-state-stores))"),
            // 32 MiB: in a 512 MB heap it leaves room beside the record cache (10 MB).
            new Setting(
                    StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG,
                    Long.toString(32L << 20),
                    "what an instance's stores stage between commits before a commit is forced"),
            // READ_UNCOMMITTED shows a write as soon as it is processed, which a crash before the
            // commit rolls back.
            new Setting(
                    StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG,
                    IsolationLevel.READ_COMMITTED.name(),
                    "what HTTP answers read; `READ_COMMITTED` needs transactional stores"),
            new Setting(
                    StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
                    RocksDbSettings.class.getName(),
                    "applies `orders.rocksdb.*`"),
            // Failover within 10 s of a kill -9: a warm standby takes a crashed instance's tasks over
            // without a restore; a 6 s session timeout notices the crash; the transaction timeout
            // (derived below) bounds the wait for the dead instance's open transaction.
            new Setting(
                    StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
                    "1",
                    "a warm copy of each task's state on another instance ([failover](#failover))"),
            new Setting(
                    "session.timeout.ms",
                    "6000",
                    "a dead instance is noticed in 6 s (the broker's minimum by default,"
                            + " `group.min.session.timeout.ms`)"),
            new Setting("heartbeat.interval.ms", "1500", "a quarter of the session timeout"));

    /** Values set from other settings (by {@link #derive}, {@link OrdersConfig} and the app). */
    static final List<Setting> DERIVED = List.of(
            new Setting(
                    StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                    "`orders.dlq.topic`",
                    "set through `orders.dlq.topic` only"),
            new Setting(
                    StreamsConfig.APPLICATION_SERVER_CONFIG,
                    "`localhost:<http port>`",
                    "`host:port` other instances reach this one's HTTP API at"),
            new Setting(
                    StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                    "`" + TRANSACTION_TIMEOUT_MS + "`, or twice `commit.interval.ms` if longer (exactly-once only)",
                    "the broker aborts a dead instance's open transaction after it, which the task's next owner"
                            + " waits for"),
            new Setting(
                    StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                    "2 with `replication.factor` 3 or more",
                    "the changelogs' and the repartition topic's, as the app's own topics have it (Kafka Streams"
                            + " would leave the broker's default, 1 in stock Kafka)"));

    private KafkaDefaults() {}

    /** The fixed values, in the order above. */
    static Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        FIXED.forEach(setting -> values.put(setting.key(), setting.value()));
        return Collections.unmodifiableMap(values);
    }

    /** Adds to {@code merged} the values derived here that it does not set itself; returns their keys. */
    static Set<String> derive(Map<String, String> merged) {
        Set<String> derived = new HashSet<>(internalMinInSyncReplicas(merged));
        derived.addAll(transactionTimeout(merged));
        return derived;
    }

    /**
     * Under exactly-once, the producer's {@code transaction.timeout.ms} unless given: 3 s, or twice
     * the commit interval if that is longer (Kafka Streams refuses a timeout below the interval).
     * Kafka Streams' own default is 10 s. When an instance dies inside a transaction, the offsets it
     * was about to commit hold the task's next owner back until the broker aborts that transaction,
     * which it does once the timeout has passed (and its abort scan, every 10 s by default, finds
     * it): the timeout is most of a failover. The price of a short one: a stall that long inside a
     * transaction (a GC pause, a slow broker) aborts it and fences the instance, which rejoins and
     * redoes the transaction's work; nothing is lost or doubled.
     */
    private static Set<String> transactionTimeout(Map<String, String> merged) {
        String key = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        if (merged.containsKey(key)
                || merged.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)
                || !StreamsConfig.EXACTLY_ONCE_V2.equals(merged.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            return Set.of();
        }
        String interval = merged.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        long commitInterval = 100; // Kafka Streams' default under exactly-once
        if (interval != null) {
            if (!interval.matches("[0-9]{1,12}")) {
                return Set.of(); // Kafka's validation will say what is wrong with it
            }
            commitInterval = Long.parseLong(interval);
        }
        merged.put(key, Long.toString(Math.max(TRANSACTION_TIMEOUT_MS, 2 * commitInterval)));
        return Set.of(key);
    }

    /**
     * The internal topics' {@code min.insync.replicas} as {@link TopicSpec} sets it for the app's own
     * topics, from their {@code replication.factor}, unless {@code topic.min.insync.replicas} is
     * given. Kafka Streams creates them with the broker's default otherwise, which is 1 in stock
     * Kafka: with three replicas an {@code acks=all} write, the only kind exactly-once makes, could
     * then be acknowledged by one broker and lost with it.
     */
    private static Set<String> internalMinInSyncReplicas(Map<String, String> merged) {
        String key = StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        String replicas = merged.get(StreamsConfig.REPLICATION_FACTOR_CONFIG);
        if (merged.containsKey(key) || replicas == null || !replicas.matches("[0-9]{1,4}")) {
            return Set.of(); // set, the broker's default (-1), or not a number (Kafka's validation will say)
        }
        short factor = Short.parseShort(replicas);
        if (factor <= 0) {
            return Set.of();
        }
        merged.put(key, Integer.toString(TopicSpec.minInSyncReplicas(factor)));
        return Set.of(key);
    }
}
