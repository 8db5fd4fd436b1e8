package io.orderseos.config;

import io.orderseos.deadletter.DeadLetterHandlers;
import io.orderseos.time.OrderTimestampExtractor;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one typed, immutable configuration of orders-eos, parsed and validated once.
 *
 * <p>Keys starting with {@code orders.} are the app's own (each a constant below, with its default);
 * every other key is a Kafka / Kafka Streams property passed through unchanged. A bad value fails
 * here with a {@link ConfigException} that names the key; an unknown {@code orders.*} key is an error
 * too, so a typo is never silently ignored.
 *
 * <p>{@link #toString()} prints the effective values with passwords and secrets masked.
 */
public final class OrdersConfig {
    public static final String INPUT_TOPIC = "orders.input.topic";
    public static final String STATUS_TOPIC = "orders.status.topic";
    public static final String CUSTOMER_STATS_TOPIC = "orders.customer.stats.topic";
    public static final String DLQ_TOPIC = "orders.dlq.topic";
    public static final String DEDUP_WINDOW = "orders.dedup.window";
    public static final String INPUT_MAX_BYTES = "orders.input.max.bytes";
    public static final String DLQ_MAX_BYTES = "orders.dlq.max.bytes";
    public static final String HTTP_PORT = "orders.http.port";
    public static final String HTTP_FORWARD_TIMEOUT = "orders.http.forward.timeout";
    public static final String QUERY_ALLOW_STALE = "orders.query.allow.stale";
    public static final String TOPICS_AUTO_CREATE = "orders.topics.auto.create";
    public static final String TOPICS_PARTITIONS = "orders.topics.partitions";
    public static final String TOPICS_REPLICATION_FACTOR = "orders.topics.replication.factor";
    public static final String TOPICS_INPUT_RETENTION = "orders.topics.input.retention";
    public static final String TOPICS_DLQ_RETENTION = "orders.topics.dlq.retention";

    /** Every app key with its default, in documentation order. */
    public static final Map<String, String> APP_DEFAULTS = orderedMap(
            INPUT_TOPIC, "orders",
            STATUS_TOPIC, "order-status",
            CUSTOMER_STATS_TOPIC, "customer-stats",
            DLQ_TOPIC, "orders-dlq",
            DEDUP_WINDOW, "P7D",
            INPUT_MAX_BYTES, "262144",
            DLQ_MAX_BYTES, "524288",
            HTTP_PORT, "7070",
            HTTP_FORWARD_TIMEOUT, "PT2S",
            QUERY_ALLOW_STALE, "false",
            TOPICS_AUTO_CREATE, "false",
            TOPICS_PARTITIONS, "6",
            TOPICS_REPLICATION_FACTOR, "3",
            TOPICS_INPUT_RETENTION, "P14D",
            TOPICS_DLQ_RETENTION, "P30D");

    /**
     * The Kafka Streams settings orders-eos runs with unless told otherwise. The handler and
     * extractor classes are what make the dead-letter contract hold; replace them knowingly.
     */
    public static final Map<String, String> KAFKA_DEFAULTS = orderedMap(
            StreamsConfig.APPLICATION_ID_CONFIG,
            "orders-eos",
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
            "localhost:9092",
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            StreamsConfig.EXACTLY_ONCE_V2,
            StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG,
            "true",
            StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterHandlers.Deserialization.class.getName(),
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
            DeadLetterHandlers.Processing.class.getName(),
            StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG,
            OrderTimestampExtractor.class.getName(),
            // Kafka warns at every start until this is true, and 5.0 makes it the only behaviour (hence
            // the constant's deprecation). There are no global stores here: only the warning goes.
            "processing.exception.handler.global.enabled",
            "true",
            // Fast failover. Under EOS a crashed instance restores its state from the changelog; a
            // warm standby on another instance takes over without that wait, at the cost of one more
            // copy of the state (disk, and changelog reads). A 10 s session timeout makes the group
            // notice a kill -9 in 10 s rather than Kafka's default 45 s, at the cost of a rebalance
            // whenever an instance stalls that long (a long GC pause, a SIGSTOP).
            StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
            "1",
            "session.timeout.ms",
            "10000",
            "heartbeat.interval.ms",
            "2500");

    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "jaas", "token", "key.pass");

    private final Map<String, String> values;
    private final String inputTopic;
    private final String statusTopic;
    private final String customerStatsTopic;
    private final String dlqTopic;
    private final Duration dedupWindow;
    private final int inputMaxBytes;
    private final int dlqMaxBytes;
    private final int httpPort;
    private final Duration httpForwardTimeout;
    private final boolean queryAllowStale;
    private final boolean topicsAutoCreate;
    private final int topicsPartitions;
    private final short topicsReplicationFactor;
    private final Duration topicsInputRetention;
    private final Duration topicsDlqRetention;

    private OrdersConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.inputTopic = topicName(values, INPUT_TOPIC);
        this.statusTopic = topicName(values, STATUS_TOPIC);
        this.customerStatsTopic = topicName(values, CUSTOMER_STATS_TOPIC);
        this.dlqTopic = topicName(values, DLQ_TOPIC);
        this.dedupWindow = positiveDuration(values, DEDUP_WINDOW);
        this.inputMaxBytes = intInRange(values, INPUT_MAX_BYTES, 1024, 64 << 20);
        this.dlqMaxBytes = intInRange(values, DLQ_MAX_BYTES, 1024, 64 << 20);
        this.httpPort = intInRange(values, HTTP_PORT, 0, 65535);
        this.httpForwardTimeout = positiveDuration(values, HTTP_FORWARD_TIMEOUT);
        this.queryAllowStale = bool(values, QUERY_ALLOW_STALE);
        this.topicsAutoCreate = bool(values, TOPICS_AUTO_CREATE);
        this.topicsPartitions = intInRange(values, TOPICS_PARTITIONS, 1, 10_000);
        this.topicsReplicationFactor = (short) intInRange(values, TOPICS_REPLICATION_FACTOR, 1, Short.MAX_VALUE);
        this.topicsInputRetention = positiveDuration(values, TOPICS_INPUT_RETENTION);
        this.topicsDlqRetention = positiveDuration(values, TOPICS_DLQ_RETENTION);
        String dlqSetting = values.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (!dlqTopic.equals(dlqSetting)) {
            throw new ConfigException(
                    StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                    dlqSetting,
                    "set the dead-letter topic with " + DLQ_TOPIC + " only");
        }
        if (new java.util.HashSet<>(List.of(inputTopic, statusTopic, customerStatsTopic, dlqTopic)).size() != 4) {
            throw new ConfigException(INPUT_TOPIC + ", " + STATUS_TOPIC + ", " + CUSTOMER_STATS_TOPIC + " and "
                    + DLQ_TOPIC + " must name four different topics");
        }
        // Kafka's own validation of every pass-through key (types, enums such as processing.guarantee).
        new StreamsConfig(kafkaProperties());
    }

    /** The built-in defaults only. */
    public static OrdersConfig defaults() {
        return of(Map.of());
    }

    /** The defaults overridden by {@code overrides}; validates every key. */
    public static OrdersConfig of(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(KAFKA_DEFAULTS);
        merged.putAll(APP_DEFAULTS);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey().trim();
            if (key.startsWith("orders.") && !APP_DEFAULTS.containsKey(key)) {
                throw new ConfigException(
                        key, e.getValue(), "unknown orders-eos setting; known: " + APP_DEFAULTS.keySet());
            }
            if (e.getValue() == null) {
                throw new ConfigException(key, null, "no value");
            }
            merged.put(key, e.getValue().trim());
        }
        merged.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, merged.get(DLQ_TOPIC));
        return new OrdersConfig(merged);
    }

    /** A copy with more overrides applied on top of this configuration. */
    public OrdersConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        if (overrides.containsKey(DLQ_TOPIC)
                && !overrides.containsKey(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)) {
            merged.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, overrides.get(DLQ_TOPIC));
        }
        return of(merged);
    }

    /**
     * The properties for {@code KafkaStreams}: every key, the app's own included, because the
     * exception handlers are configured from the same map and read {@link #DLQ_MAX_BYTES} there.
     */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        props.putAll(values);
        return props;
    }

    public String applicationId() {
        return values.get(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    public String inputTopic() {
        return inputTopic;
    }

    public String statusTopic() {
        return statusTopic;
    }

    public String customerStatsTopic() {
        return customerStatsTopic;
    }

    public String dlqTopic() {
        return dlqTopic;
    }

    /** How long, in stream time, an event ID is remembered for deduplication. */
    public Duration dedupWindow() {
        return dedupWindow;
    }

    /** Input values longer than this are dead-lettered as OVERSIZE without being decoded. */
    public int inputMaxBytes() {
        return inputMaxBytes;
    }

    /** Dead-letter values longer than this are truncated and flagged. */
    public int dlqMaxBytes() {
        return dlqMaxBytes;
    }

    /** Port of the HTTP API; 0 lets the system choose. */
    public int httpPort() {
        return httpPort;
    }

    /** How long a request forwarded to the key's owner may take before the answer is 503. */
    public Duration httpForwardTimeout() {
        return httpForwardTimeout;
    }

    /** Whether a standby replica may answer (marked {@code X-Stale: true}) when the owner cannot. */
    public boolean queryAllowStale() {
        return queryAllowStale;
    }

    /** Whether missing topics are created at start (for local use; production provisions them). */
    public boolean topicsAutoCreate() {
        return topicsAutoCreate;
    }

    /** Partitions of the topics {@code orders-eos-ops topics} and auto-creation make. */
    public int topicsPartitions() {
        return topicsPartitions;
    }

    /** Replication factor of the topics {@code orders-eos-ops topics} makes (auto-creation caps it). */
    public short topicsReplicationFactor() {
        return topicsReplicationFactor;
    }

    /** Retention of the input topic; must exceed {@link #dedupWindow()} (see {@code TopicSpec}). */
    public Duration topicsInputRetention() {
        return topicsInputRetention;
    }

    /** Retention of the dead-letter topic. */
    public Duration topicsDlqRetention() {
        return topicsDlqRetention;
    }

    /** The raw value of any key, or {@code null}. */
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("OrdersConfig{");
        String separator = "";
        for (Map.Entry<String, String> e : values.entrySet()) {
            out.append(separator)
                    .append(e.getKey())
                    .append('=')
                    .append(isSecret(e.getKey()) ? "[hidden]" : e.getValue());
            separator = ", ";
        }
        return out.append('}').toString();
    }

    /** Whether the value of {@code key} must never be printed. */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    private static String topicName(Map<String, String> values, String key) {
        String name = values.get(key);
        if (name.isEmpty()
                || name.length() > 249
                || !name.matches("[a-zA-Z0-9._-]+")
                || name.equals(".")
                || name.equals("..")) {
            throw new ConfigException(key, name, "not a legal Kafka topic name");
        }
        return name;
    }

    private static Duration positiveDuration(Map<String, String> values, String key) {
        String text = values.get(key);
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, text, "expected an ISO-8601 duration such as P7D or PT12H");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigException(key, text, "must be positive");
        }
        return duration;
    }

    private static boolean bool(Map<String, String> values, String key) {
        String text = values.get(key);
        if (!text.equals("true") && !text.equals("false")) {
            throw new ConfigException(key, text, "expected true or false");
        }
        return Boolean.parseBoolean(text);
    }

    private static int intInRange(Map<String, String> values, String key, int min, int max) {
        String text = values.get(key);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, text, "expected a whole number");
        }
        if (value < min || value > max) {
            throw new ConfigException(key, text, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
