package io.orderseos.config;

import io.orderseos.compat.Releases;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.store.RocksDbSettings;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.LambdaValidator;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one typed, immutable configuration of orders-eos, parsed and validated once.
 *
 * <p>Keys starting with {@code orders.} are the app's own (each a constant below), defined with
 * Kafka's own {@link ConfigDef} as Kafka Streams defines its settings: type, default, validator,
 * importance, meaning and group; docs/configuration.md is generated from the definition. Every
 * other key is a Kafka / Kafka Streams property passed through unchanged, and validated by {@link
 * StreamsConfig}. A bad value fails here with a {@link ConfigException} that names the key and the
 * value; an unknown {@code orders.*} key is an error too, so a typo is never silently ignored. What
 * involves several keys is checked here after each key's own validation.
 *
 * <p>Any value may be a Kafka config provider variable such as
 * {@code ${file:/run/secrets/kafka:password}} or {@code ${env:NAME}}, with the providers declared by
 * {@code config.providers} (KIP-297, KIP-887).
 * Kafka's clients resolve the variables in their own keys; the app's own {@code orders.*} values are
 * resolved here, by the same code ({@link AbstractConfig}), so a secret of the app's can come from a
 * file too. A variable of a declared provider that does not resolve is an error naming the key.
 *
 * <p>{@link #toString()} prints the values as given, variables unresolved and secrets masked.
 */
public final class OrdersConfig {
    public static final String INPUT_TOPIC = "orders.input.topic";
    public static final String STATUS_TOPIC = "orders.status.topic";
    public static final String CUSTOMER_STATS_TOPIC = "orders.customer.stats.topic";
    public static final String DLQ_TOPIC = "orders.dlq.topic";
    public static final String DEDUP_WINDOW = "orders.dedup.window";
    /** How long, in stream time, an event waits for the step before it ({@code PT0S}: not at all). */
    public static final String REORDER_WINDOW = "orders.reorder.window";
    /** The most events held for one order; one more is rejected at once. */
    public static final String REORDER_MAX_PER_ORDER = "orders.reorder.max.per.order";
    /** The most events held per input partition; one more is rejected at once. */
    public static final String REORDER_MAX_HELD = "orders.reorder.max.held";
    /** The longest, in wall-clock time, an event is held while its partition's stream time stands still. */
    public static final String REORDER_WALL_MAX = "orders.reorder.wall.max";

    public static final String INPUT_MAX_BYTES = "orders.input.max.bytes";
    /** What a record on another partition than Java's partitioner gives its key costs: counted, or a dead letter. */
    public static final String INPUT_MISROUTED = "orders.input.misrouted";

    public static final String DLQ_MAX_BYTES = "orders.dlq.max.bytes";
    public static final String TIMESTAMP_MAX_FUTURE = "orders.timestamp.max.future";
    public static final String HTTP_PORT = "orders.http.port";
    public static final String HTTP_FORWARD_TIMEOUT = "orders.http.forward.timeout";
    public static final String QUERY_ALLOW_STALE = "orders.query.allow.stale";
    /** The size of a RocksDB store's memtable; empty for Kafka Streams' default (see {@code RocksDbSettings}). */
    public static final String ROCKSDB_MEMTABLE_BYTES = "orders.rocksdb.memtable.bytes";
    /** How a RocksDB store compresses its files (see {@code RocksDbSettings}). */
    public static final String ROCKSDB_COMPRESSION = "orders.rocksdb.compression";
    /** How long a read-your-writes query ({@code minOffset}) waits for the state to get there. */
    public static final String QUERY_WAIT_MAX = "orders.query.wait.max";

    public static final String TOPICS_AUTO_CREATE = "orders.topics.auto.create";
    public static final String TOPICS_PARTITIONS = "orders.topics.partitions";
    /** Wire format of the values of the input and output topics: {@link #SINGLE_OBJECT} or {@link #REGISTRY}. */
    public static final String SERDE = "orders.serde";
    /** The schema registry's REST API URL; required with {@code orders.serde=registry}. */
    public static final String REGISTRY_URL = "orders.registry.url";
    /** How long a record waits for the registry before the wait fails as a fault (never a dead letter). */
    public static final String REGISTRY_TIMEOUT = "orders.registry.timeout";

    public static final String SINGLE_OBJECT = "single-object";
    public static final String REGISTRY = "registry";
    /** Keys with this prefix configure the schema registry client (Apicurio's serde): auth, TLS, ... */
    public static final String REGISTRY_CLIENT_PREFIX = "apicurio.";

    public static final String TOPICS_REPLICATION_FACTOR = "orders.topics.replication.factor";
    public static final String TOPICS_INPUT_RETENTION = "orders.topics.input.retention";
    public static final String TOPICS_DLQ_RETENTION = "orders.topics.dlq.retention";
    /**
     * During a rolling upgrade from a release that wrote older versions of a stored type: that
     * release, so that its instances read what this one writes. Empty (the default) otherwise.
     */
    public static final String UPGRADE_FROM = "orders.upgrade.from";

    private static final String REGISTRY_CLIENT_URL = REGISTRY_CLIENT_PREFIX + "registry.url";

    private static final ConfigDef DEFINITION = newDefinition();

    /** Every app key with its default, in documentation order. */
    public static final Map<String, String> APP_DEFAULTS = defaults(DEFINITION);

    /** The Kafka Streams settings orders-eos runs with unless told otherwise ({@link KafkaDefaults}). */
    public static final Map<String, String> KAFKA_DEFAULTS = KafkaDefaults.values();

    private static final Set<String> SECRET_WORDS =
            Set.of("password", "secret", "jaas", "token", "key.pass", "keystore.key", "user.info");

    /** As given: config provider variables unresolved, so Kafka resolves its own keys itself. */
    private final Map<String, String> values;
    /** With config provider variables substituted. */
    private final Map<String, String> resolved;
    /** Keys whose values the app derived from others, not given. */
    private final Set<String> derived;
    /** The app's own keys, typed and validated by {@link #DEFINITION}. */
    private final Map<String, Object> parsed;

    private final HttpSecurityConfig httpSecurity;
    private final IsolationLevel queryIsolation;

    private OrdersConfig(Map<String, String> given, Set<String> derived) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(given));
        this.derived = Set.copyOf(derived);
        this.resolved = resolveVariables(this.values);
        this.parsed = DEFINITION.parse(resolved);
        if (queryWaitMax().compareTo(httpForwardTimeout()) >= 0) {
            throw new ConfigException(
                    QUERY_WAIT_MAX,
                    resolved.get(QUERY_WAIT_MAX),
                    "must be shorter than " + HTTP_FORWARD_TIMEOUT + " (" + httpForwardTimeout() + "): a forwarded"
                            + " query that waits would time out at the instance that forwarded it");
        }
        checkReorder();
        this.httpSecurity = HttpSecurityConfig.from(resolved);
        checkRegistry();
        String dlqSetting = resolved.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (!dlqTopic().equals(dlqSetting)) {
            throw new ConfigException(
                    StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                    dlqSetting,
                    "set the dead-letter topic with " + DLQ_TOPIC + " only");
        }
        if (new HashSet<>(List.of(inputTopic(), statusTopic(), customerStatsTopic(), dlqTopic())).size() != 4) {
            throw new ConfigException(INPUT_TOPIC + ", " + STATUS_TOPIC + ", " + CUSTOMER_STATS_TOPIC + " and "
                    + DLQ_TOPIC + " must name four different topics");
        }
        // Kafka's own validation of every pass-through key (types, enums such as processing.guarantee).
        StreamsConfig streams = new StreamsConfig(kafkaProperties());
        this.queryIsolation = streams.defaultInteractiveQueryIsolationLevel();
        if (queryIsolation == IsolationLevel.READ_COMMITTED
                && !streams.getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)) {
            throw new ConfigException(
                    StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG,
                    resolved.get(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG),
                    "READ_COMMITTED needs " + StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG + "=true: without"
                            + " transactional stores a query could read writes a crash takes back. Set both, or"
                            + " READ_UNCOMMITTED");
        }
        int maxRequestSize = DeadLetters.maxRequestSize(values);
        if (dlqMaxBytes() + DeadLetters.HEADROOM > maxRequestSize) {
            throw new ConfigException(
                    DLQ_MAX_BYTES,
                    values.get(DLQ_MAX_BYTES),
                    "a dead letter of this value plus " + DeadLetters.HEADROOM
                            + " bytes of headers would exceed the producer's max.request.size of " + maxRequestSize
                            + ": lower it, or raise max.request.size (and the dead-letter topic's max.message.bytes)");
        }
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
            if (key.startsWith("orders.") && !APP_DEFAULTS.containsKey(key) && !HttpSecurityConfig.KEYS.contains(key)) {
                throw new ConfigException(
                        key,
                        isSecret(key) ? "[hidden]" : e.getValue(),
                        "unknown orders-eos setting; known: " + APP_DEFAULTS.keySet() + " and "
                                + new TreeSet<>(HttpSecurityConfig.KEYS));
            }
            if (e.getValue() == null) {
                throw new ConfigException(key, null, "no value");
            }
            merged.put(key, e.getValue().trim());
        }
        merged.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, merged.get(DLQ_TOPIC));
        return new OrdersConfig(merged, KafkaDefaults.derive(merged));
    }

    /**
     * The app's own keys with their types, defaults, valid values, importance and meaning, in
     * groups; docs/configuration.md is generated from it. A copy: a {@link ConfigDef} is mutable.
     */
    static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    private static ConfigDef newDefinition() {
        ConfigDef definition = new ConfigDef();
        Validator positiveDuration = ConfigValidators.positiveDuration();
        Validator topicName = ConfigValidators.topicName();
        new ConfigGroup(definition, "Topics")
                .define(INPUT_TOPIC, Type.STRING, "orders", topicName, Importance.HIGH, "input topic")
                .define(STATUS_TOPIC, Type.STRING, "order-status", topicName, Importance.HIGH, "per-order output")
                .define(
                        CUSTOMER_STATS_TOPIC,
                        Type.STRING,
                        "customer-stats",
                        topicName,
                        Importance.HIGH,
                        "per-customer output")
                .define(
                        DLQ_TOPIC,
                        Type.STRING,
                        "orders-dlq",
                        topicName,
                        Importance.HIGH,
                        "dead letters (also sets `errors.dead.letter.queue.topic.name`)");
        new ConfigGroup(definition, "Processing")
                .define(
                        DEDUP_WINDOW,
                        Type.STRING,
                        "P7D",
                        positiveDuration,
                        Importance.HIGH,
                        "how long, in stream time, an event ID is remembered for deduplication")
                .define(
                        REORDER_WINDOW,
                        Type.STRING,
                        "PT0S",
                        ConfigValidators.durationFromZero(),
                        Importance.HIGH,
                        "how long, in stream time, an event whose previous step has not arrived is held before it"
                                + " is `ILLEGAL_TRANSITION`; `PT0S`: not held. Turning it on adds the"
                                + " `reorder-buffer-store` to the order stage: a planned stop and start, not a rolling"
                                + " upgrade (docs/contract.md#events-out-of-order)")
                .define(
                        REORDER_MAX_PER_ORDER,
                        Type.INT,
                        8,
                        Range.between(1, 1_000),
                        Importance.LOW,
                        "the most events held for one order; one more is `ILLEGAL_TRANSITION` at once")
                .define(
                        REORDER_MAX_HELD,
                        Type.INT,
                        10_000,
                        Range.between(1, 10_000_000),
                        Importance.LOW,
                        "the most events held per input partition; one more is `ILLEGAL_TRANSITION` at once")
                .define(
                        REORDER_WALL_MAX,
                        Type.STRING,
                        "PT1H",
                        positiveDuration,
                        Importance.LOW,
                        "the longest an event is held in wall-clock time, for a partition whose stream time"
                                + " stands still (no input); at least `orders.reorder.window`")
                .define(
                        INPUT_MAX_BYTES,
                        Type.INT,
                        262_144,
                        Range.between(1024, 64 << 20),
                        Importance.MEDIUM,
                        "input values longer than this are `OVERSIZE`, not decoded")
                .define(
                        INPUT_MISROUTED,
                        Type.STRING,
                        "count",
                        ValidString.in("count", "dead-letter"),
                        Importance.MEDIUM,
                        "a valid event on another partition than Java's default partitioner (murmur2) gives its key:"
                                + " `count` counts it (`orders_misrouted_total`), logs it at most once a minute and"
                                + " processes it; `dead-letter` also makes it a `MISROUTED` dead letter, unprocessed"
                                + " (docs/producers.md#key-and-partition)")
                .define(
                        DLQ_MAX_BYTES,
                        Type.INT,
                        524_288,
                        Range.between(1024, 64 << 20),
                        Importance.MEDIUM,
                        "dead-letter values longer than this are truncated and flagged; with 64 KiB for headers it"
                                + " must fit the producer's `max.request.size` (1 MiB by default)")
                .define(
                        TIMESTAMP_MAX_FUTURE,
                        Type.STRING,
                        "PT15M",
                        ConfigValidators.positiveDurationUpTo("P365D"),
                        Importance.LOW,
                        "a record timestamp later than the wall clock plus this counts as the wall clock plus this"
                                + " (stream time, and so the dedup window, cannot be pushed into the future); keep it"
                                + " below the output topics' `message.timestamp.after.max.ms` (Kafka's default 1"
                                + " hour)");
        new ConfigGroup(definition, "State stores")
                .define(
                        ROCKSDB_MEMTABLE_BYTES,
                        Type.STRING,
                        "",
                        ConfigValidators.emptyOr(ConfigValidators.wholeNumber(64 << 10, 1 << 30)),
                        Importance.LOW,
                        "a store's RocksDB memtable in bytes (empty: Kafka's, 16 MiB): what a crashed instance"
                                + " restores at most per store beyond its last flush; smaller flushes more often")
                .define(
                        ROCKSDB_COMPRESSION,
                        Type.STRING,
                        RocksDbSettings.DEFAULT_COMPRESSION,
                        ValidString.in(RocksDbSettings.COMPRESSIONS.toArray(String[]::new)),
                        Importance.LOW,
                        "how a store's RocksDB files are compressed (Kafka's default: none); files already"
                                + " written keep theirs until compacted, and every release reads them all");
        new ConfigGroup(definition, "Wire format")
                .define(
                        SERDE,
                        Type.STRING,
                        SINGLE_OBJECT,
                        ValidString.in(SINGLE_OBJECT, REGISTRY),
                        Importance.HIGH,
                        "wire format of the input and output values" + " ([registry mode](contract.md#registry-mode))")
                .define(
                        REGISTRY_URL,
                        Type.STRING,
                        "",
                        ConfigValidators.emptyOr(ConfigValidators.httpUrl(
                                "the registry's REST API as http(s)://host:port/apis/registry/v3")),
                        Importance.HIGH,
                        "the schema registry's REST API, e.g. `http://registry:8080/apis/registry/v3`; required with"
                                + " `orders.serde=registry`")
                .define(
                        REGISTRY_TIMEOUT,
                        Type.STRING,
                        "PT5S",
                        positiveDuration,
                        Importance.LOW,
                        "how long a record waits for the registry before the wait fails as a fault (never a dead"
                                + " letter)");
        new ConfigGroup(definition, "Provisioning")
                .define(
                        TOPICS_AUTO_CREATE,
                        Type.BOOLEAN,
                        false,
                        null,
                        Importance.MEDIUM,
                        "create missing topics at start (local use; production provisions them with `orders-eos-ops topics`)")
                .define(
                        TOPICS_PARTITIONS,
                        Type.INT,
                        6,
                        Range.between(1, 10_000),
                        Importance.HIGH,
                        "partitions of the topics `topics` and auto-creation make")
                .define(
                        TOPICS_REPLICATION_FACTOR,
                        Type.SHORT,
                        (short) 3,
                        Range.between(1, Short.MAX_VALUE),
                        Importance.HIGH,
                        "their replicas (auto-creation caps it at the brokers there are)")
                .define(
                        TOPICS_INPUT_RETENTION,
                        Type.STRING,
                        "P14D",
                        positiveDuration,
                        Importance.MEDIUM,
                        "retention of the input; must be longer than `orders.dedup.window`")
                .define(
                        TOPICS_DLQ_RETENTION,
                        Type.STRING,
                        "P30D",
                        positiveDuration,
                        Importance.MEDIUM,
                        "retention of the dead letters");
        new ConfigGroup(definition, "Upgrade")
                .define(
                        UPGRADE_FROM,
                        Type.STRING,
                        "",
                        ConfigValidators.emptyOr(
                                LambdaValidator.with(OrdersConfig::checkRelease, () -> "one of " + Releases.RECORDED)),
                        Importance.MEDIUM,
                        "during the first roll of a rolling upgrade: the release the running instances are on;"
                                + " every stored type is then written as that release wrote it"
                                + " ([runbook.md](runbook.md#rolling-upgrade))");
        new ConfigGroup(definition, "HTTP API")
                .define(
                        HTTP_PORT,
                        Type.INT,
                        7070,
                        Range.between(0, 65535),
                        Importance.HIGH,
                        "port of the HTTP API (0: any free port)")
                .define(
                        HTTP_FORWARD_TIMEOUT,
                        Type.STRING,
                        "PT2S",
                        positiveDuration,
                        Importance.LOW,
                        "how long a request forwarded to the key's owner may take before 503 (connecting, TLS and"
                                + " the whole answer)")
                .define(
                        QUERY_ALLOW_STALE,
                        Type.BOOLEAN,
                        false,
                        null,
                        Importance.MEDIUM,
                        "when the key's owner cannot answer, let a standby replica on this instance answer (marked"
                                + " `X-Stale: true`) instead of 503")
                .define(
                        QUERY_WAIT_MAX,
                        Type.STRING,
                        "PT1S",
                        positiveDuration,
                        Importance.LOW,
                        "how long `GET /orders/{id}?minOffset=` waits for the state to include that offset;"
                                + " shorter than `orders.http.forward.timeout`");
        return definition;
    }

    private static void checkRelease(String key, Object release) {
        if (!Releases.RECORDED.contains(release)) {
            throw new ConfigException(
                    key,
                    release,
                    "not a release this version can be upgraded from in a rolling upgrade; known: "
                            + Releases.RECORDED);
        }
    }

    /** Each key's default as text, as a properties file would give it. */
    private static Map<String, String> defaults(ConfigDef definition) {
        Map<String, String> defaults = new LinkedHashMap<>();
        definition
                .configKeys()
                .values()
                .forEach(key -> defaults.put(key.name, ConfigDef.convertToString(key.defaultValue, key.type)));
        return Collections.unmodifiableMap(defaults);
    }

    /** A copy with more overrides applied on top of this configuration. */
    public OrdersConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.keySet().removeAll(derived); // derived again from the values they came from
        merged.putAll(overrides);
        if (overrides.containsKey(DLQ_TOPIC)
                && !overrides.containsKey(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)) {
            merged.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, overrides.get(DLQ_TOPIC));
        }
        return of(merged);
    }

    /**
     * The properties for {@code KafkaStreams}: every key, the app's own included, because the
     * exception handlers are configured from the same map and read {@link #DLQ_MAX_BYTES} there; but
     * not the HTTP API's TLS and token settings, which are none of Kafka's business.
     */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        values.forEach((key, value) -> {
            if (!HttpSecurityConfig.KEYS.contains(key)) {
                props.put(key, value);
            }
        });
        return props;
    }

    public String applicationId() {
        return resolved.get(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    public String inputTopic() {
        return (String) parsed.get(INPUT_TOPIC);
    }

    public String statusTopic() {
        return (String) parsed.get(STATUS_TOPIC);
    }

    public String customerStatsTopic() {
        return (String) parsed.get(CUSTOMER_STATS_TOPIC);
    }

    public String dlqTopic() {
        return (String) parsed.get(DLQ_TOPIC);
    }

    /** How long, in stream time, an event ID is remembered for deduplication. */
    public Duration dedupWindow() {
        return duration(DEDUP_WINDOW);
    }

    /**
     * The reorder buffer's settings: how long an early event waits ({@code window}, zero: not at
     * all), how many are held per order and per partition, and the wall-clock bound for a partition
     * whose stream time stands still.
     */
    public record Reorder(Duration window, int maxPerOrder, int maxHeld, Duration wallMax) {
        public boolean enabled() {
            return !window.isZero();
        }
    }

    public Reorder reorder() {
        return new Reorder(
                duration(REORDER_WINDOW),
                (Integer) parsed.get(REORDER_MAX_PER_ORDER),
                (Integer) parsed.get(REORDER_MAX_HELD),
                duration(REORDER_WALL_MAX));
    }

    private void checkReorder() {
        Reorder reorder = reorder();
        if (reorder.window().compareTo(dedupWindow()) >= 0) {
            throw new ConfigException(
                    REORDER_WINDOW,
                    resolved.get(REORDER_WINDOW),
                    "must be shorter than " + DEDUP_WINDOW + " (" + dedupWindow() + "): a copy of a held event must"
                            + " still be known as a copy when the event leaves the buffer");
        }
        if (reorder.wallMax().compareTo(reorder.window()) < 0) {
            throw new ConfigException(
                    REORDER_WALL_MAX,
                    resolved.get(REORDER_WALL_MAX),
                    "must be at least " + REORDER_WINDOW + " (" + reorder.window() + ")");
        }
    }

    /** Whether an input record on another partition than Java's partitioner gives its key is a dead letter. */
    public boolean misroutedDeadLetter() {
        return "dead-letter".equals(parsed.get(INPUT_MISROUTED));
    }

    /** Input values longer than this are dead-lettered as OVERSIZE without being decoded. */
    public int inputMaxBytes() {
        return (Integer) parsed.get(INPUT_MAX_BYTES);
    }

    /** Dead-letter values longer than this are truncated and flagged. */
    public int dlqMaxBytes() {
        return (Integer) parsed.get(DLQ_MAX_BYTES);
    }

    /**
     * How far ahead of the wall clock a record timestamp may be; a later one counts as the wall
     * clock plus this, so that stream time (and the dedup window) cannot be pushed into the future.
     */
    public Duration timestampMaxFuture() {
        return duration(TIMESTAMP_MAX_FUTURE);
    }

    /** Port of the HTTP API; 0 lets the system choose. */
    public int httpPort() {
        return (Integer) parsed.get(HTTP_PORT);
    }

    /** How long a request forwarded to the key's owner may take before the answer is 503. */
    public Duration httpForwardTimeout() {
        return duration(HTTP_FORWARD_TIMEOUT);
    }

    /** TLS and authentication of the HTTP API (off by default). */
    public HttpSecurityConfig httpSecurity() {
        return httpSecurity;
    }

    /** Whether a standby replica may answer (marked {@code X-Stale: true}) when the owner cannot. */
    public boolean queryAllowStale() {
        return (Boolean) parsed.get(QUERY_ALLOW_STALE);
    }

    /** How long a query for state that includes a given input offset waits before it gives up. */
    public Duration queryWaitMax() {
        return duration(QUERY_WAIT_MAX);
    }

    /** Whether missing topics are created at start (for local use; production provisions them). */
    public boolean topicsAutoCreate() {
        return (Boolean) parsed.get(TOPICS_AUTO_CREATE);
    }

    /** Partitions of the topics {@code orders-eos-ops topics} and auto-creation make. */
    public int topicsPartitions() {
        return (Integer) parsed.get(TOPICS_PARTITIONS);
    }

    /** Whether values are in the schema registry's wire format ({@code orders.serde=registry}). */
    public boolean registryMode() {
        return REGISTRY.equals(parsed.get(SERDE));
    }

    /** How long a record waits for the schema registry before the wait fails as a fault. */
    public Duration registryTimeout() {
        return duration(REGISTRY_TIMEOUT);
    }

    /**
     * The schema registry client's settings: every {@code apicurio.*} key, and {@code
     * apicurio.registry.url} from {@link #REGISTRY_URL}.
     */
    public Map<String, String> registryClientConfig() {
        Map<String, String> client = new TreeMap<>();
        resolved.forEach((key, value) -> {
            if (key.startsWith(REGISTRY_CLIENT_PREFIX)) {
                client.put(key, value);
            }
        });
        client.put(REGISTRY_CLIENT_URL, resolved.get(REGISTRY_URL));
        return client;
    }

    /** Replication factor of the topics {@code orders-eos-ops topics} makes (auto-creation caps it). */
    public short topicsReplicationFactor() {
        return (Short) parsed.get(TOPICS_REPLICATION_FACTOR);
    }

    /** Retention of the input topic; must exceed {@link #dedupWindow()} (see {@code TopicSpec}). */
    public Duration topicsInputRetention() {
        return duration(TOPICS_INPUT_RETENTION);
    }

    /** Retention of the dead-letter topic. */
    public Duration topicsDlqRetention() {
        return duration(TOPICS_DLQ_RETENTION);
    }

    /** What interactive queries read: committed state only (the default), or uncommitted writes too. */
    public IsolationLevel queryIsolation() {
        return queryIsolation;
    }

    /** The release a rolling upgrade comes from ({@link #UPGRADE_FROM}), if one is under way. */
    public Optional<String> upgradeFrom() {
        String release = (String) parsed.get(UPGRADE_FROM);
        return release.isEmpty() ? Optional.empty() : Optional.of(release);
    }

    /** The value of any key, config provider variables resolved, or {@code null}. */
    public String get(String key) {
        return resolved.get(key);
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
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    /**
     * The values with the variables of the declared config providers substituted, by Kafka's own
     * resolution (the same providers, the same {@value AbstractConfig#AUTOMATIC_CONFIG_PROVIDERS_PROPERTY}
     * allow-list). Kafka leaves a variable it cannot resolve as it is; that is an error here.
     */
    private static Map<String, String> resolveVariables(Map<String, String> values) {
        String providers = values.get(AbstractConfig.CONFIG_PROVIDERS_CONFIG);
        if (providers == null || providers.isBlank()) {
            return values;
        }
        Map<String, String> resolved = new TreeMap<>();
        new AbstractConfig(new ConfigDef(), values, false)
                .originals()
                .forEach((key, value) -> resolved.put(key, String.valueOf(value)));
        for (String alias : providers.split(",")) {
            String variable = "${" + alias.trim() + ":";
            resolved.forEach((key, value) -> {
                if (value.contains(variable)) {
                    throw new ConfigException(
                            key,
                            values.get(key),
                            "config provider '" + alias.trim() + "' did not resolve it: no such file, key or variable,"
                                    + " a path or name its allow-list refuses, or no config.providers." + alias.trim()
                                    + ".class");
                }
            });
        }
        return Collections.unmodifiableMap(resolved);
    }

    /** The registry's settings together: its URL given once, and given when the wire format needs it. */
    private void checkRegistry() {
        if (resolved.containsKey(REGISTRY_CLIENT_URL)) {
            throw new ConfigException(
                    REGISTRY_CLIENT_URL,
                    resolved.get(REGISTRY_CLIENT_URL),
                    "set the registry with " + REGISTRY_URL + " only");
        }
        String url = (String) parsed.get(REGISTRY_URL);
        if (registryMode() && url.isEmpty()) {
            throw new ConfigException(REGISTRY_URL, url, "required with " + SERDE + "=" + REGISTRY);
        }
    }

    /** A duration setting, which its validator has checked is ISO-8601. */
    private Duration duration(String key) {
        return Duration.parse((String) parsed.get(key));
    }
}
