package io.orderseos.config;

import io.orderseos.compat.Releases;
import io.orderseos.deadletter.DeadLetterHandlers;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.store.RocksDbSettings;
import io.orderseos.time.OrderTimestampExtractor;
import io.orderseos.topology.TopicSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one typed, immutable configuration of orders-eos, parsed and validated once.
 *
 * <p>Keys starting with {@code orders.} are the app's own (each a constant below, with its default);
 * every other key is a Kafka / Kafka Streams property passed through unchanged. A bad value fails
 * here with a {@link ConfigException} that names the key; an unknown {@code orders.*} key is an error
 * too, so a typo is never silently ignored.
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
    public static final String INPUT_MAX_BYTES = "orders.input.max.bytes";
    public static final String DLQ_MAX_BYTES = "orders.dlq.max.bytes";
    public static final String TIMESTAMP_MAX_FUTURE = "orders.timestamp.max.future";
    public static final String HTTP_PORT = "orders.http.port";
    public static final String HTTP_FORWARD_TIMEOUT = "orders.http.forward.timeout";
    public static final String QUERY_ALLOW_STALE = "orders.query.allow.stale";
    /** The size of a RocksDB store's memtable; empty for Kafka Streams' default (see {@code RocksDbSettings}). */
    public static final String ROCKSDB_MEMTABLE_BYTES = "orders.rocksdb.memtable.bytes";
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

    /** Every app key with its default, in documentation order. */
    public static final Map<String, String> APP_DEFAULTS = orderedMap(
            INPUT_TOPIC, "orders",
            STATUS_TOPIC, "order-status",
            CUSTOMER_STATS_TOPIC, "customer-stats",
            DLQ_TOPIC, "orders-dlq",
            DEDUP_WINDOW, "P7D",
            INPUT_MAX_BYTES, "262144",
            DLQ_MAX_BYTES, "524288",
            TIMESTAMP_MAX_FUTURE, "PT15M",
            HTTP_PORT, "7070",
            HTTP_FORWARD_TIMEOUT, "PT2S",
            QUERY_ALLOW_STALE, "false",
            QUERY_WAIT_MAX, "PT1S",
            TOPICS_AUTO_CREATE, "false",
            TOPICS_PARTITIONS, "6",
            SERDE, SINGLE_OBJECT,
            REGISTRY_URL, "",
            REGISTRY_TIMEOUT, "PT5S",
            TOPICS_REPLICATION_FACTOR, "3",
            TOPICS_INPUT_RETENTION, "P14D",
            TOPICS_DLQ_RETENTION, "P30D",
            UPGRADE_FROM, "",
            ROCKSDB_MEMTABLE_BYTES, "");

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
            // Transactional state stores (KIP-892): a store's writes are staged in memory and applied when
            // the transaction commits, so a crash leaves the committed state on disk, and a restart
            // restores only what was committed since the store's last commit, not the whole changelog
            // (Kafka Streams wipes the state of a crashed instance under exactly-once otherwise). Every
            // store here, the dedup window store included, supports it in 4.4.
            StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG,
            "true",
            // What the stores may stage between two commits, on this instance, before a commit is forced
            // early: 32 MiB. At the default commit interval (100 ms under exactly-once) an instance at
            // its measured maximum (about 25,000 records/s, under 400 bytes staged per record) stages
            // about 1 MB, so it only bounds long commit intervals; in a 512 MB heap it leaves room
            // beside the record cache (10 MB).
            StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG,
            Long.toString(32L << 20),
            // Interactive queries see committed state only: what read_committed consumers of the outputs
            // see, and nothing a crash can take back. READ_UNCOMMITTED shows a write as soon as it is
            // processed, which a crash before the commit rolls back.
            StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG,
            IsolationLevel.READ_COMMITTED.name(),
            // The stores' RocksDB options from orders.rocksdb.* settings.
            StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG,
            RocksDbSettings.class.getName(),
            // Failover within 10 s of a kill -9 (measured: docs/performance.md, Failover). A crashed
            // instance's tasks move to the others, where a warm standby takes each over without a
            // restore, at the cost of one more copy of the state (disk, and changelog reads). A 6 s
            // session timeout (the broker's minimum by default; Kafka's default is 45 s) notices the
            // crash, at the cost of a rebalance whenever an instance stalls that long. The new owner of
            // a task then waits for the dead instance's open transaction to be aborted, which the
            // transaction timeout bounds: see transactionTimeout below.
            StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
            "1",
            "session.timeout.ms",
            "6000",
            "heartbeat.interval.ms",
            "1500");

    /** The shortest transaction timeout the app sets by itself. */
    static final long TRANSACTION_TIMEOUT_MS = 3_000;

    private static final Set<String> SECRET_WORDS =
            Set.of("password", "secret", "jaas", "token", "key.pass", "keystore.key", "user.info");

    /** As given: config provider variables unresolved, so Kafka resolves its own keys itself. */
    private final Map<String, String> values;
    /** With config provider variables substituted. */
    private final Map<String, String> resolved;
    /** Keys whose values the app derived from others, not given. */
    private final Set<String> derived;

    private final String inputTopic;
    private final String statusTopic;
    private final String customerStatsTopic;
    private final String dlqTopic;
    private final Duration dedupWindow;
    private final int inputMaxBytes;
    private final int dlqMaxBytes;
    private final Duration timestampMaxFuture;
    private final int httpPort;
    private final Duration httpForwardTimeout;
    private final boolean queryAllowStale;
    private final Duration queryWaitMax;
    private final boolean topicsAutoCreate;
    private final int topicsPartitions;
    private final HttpSecurityConfig httpSecurity;
    private final boolean registryMode;
    private final Duration registryTimeout;
    private final short topicsReplicationFactor;
    private final Duration topicsInputRetention;
    private final Duration topicsDlqRetention;
    private final Optional<String> upgradeFrom;
    private final IsolationLevel queryIsolation;

    private OrdersConfig(Map<String, String> given, Set<String> derived) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(given));
        this.derived = Set.copyOf(derived);
        this.resolved = resolveVariables(this.values);
        this.inputTopic = topicName(resolved, INPUT_TOPIC);
        this.statusTopic = topicName(resolved, STATUS_TOPIC);
        this.customerStatsTopic = topicName(resolved, CUSTOMER_STATS_TOPIC);
        this.dlqTopic = topicName(resolved, DLQ_TOPIC);
        this.dedupWindow = positiveDuration(resolved, DEDUP_WINDOW);
        this.inputMaxBytes = intInRange(resolved, INPUT_MAX_BYTES, 1024, 64 << 20);
        this.dlqMaxBytes = intInRange(resolved, DLQ_MAX_BYTES, 1024, 64 << 20);
        this.timestampMaxFuture = positiveDuration(resolved, TIMESTAMP_MAX_FUTURE);
        if (timestampMaxFuture.compareTo(Duration.ofDays(365)) > 0) {
            throw new ConfigException(
                    TIMESTAMP_MAX_FUTURE, resolved.get(TIMESTAMP_MAX_FUTURE), "must be at most P365D");
        }
        this.httpPort = intInRange(resolved, HTTP_PORT, 0, 65535);
        this.httpForwardTimeout = positiveDuration(resolved, HTTP_FORWARD_TIMEOUT);
        this.queryAllowStale = bool(resolved, QUERY_ALLOW_STALE);
        this.queryWaitMax = positiveDuration(resolved, QUERY_WAIT_MAX);
        if (queryWaitMax.compareTo(httpForwardTimeout) >= 0) {
            throw new ConfigException(
                    QUERY_WAIT_MAX,
                    resolved.get(QUERY_WAIT_MAX),
                    "must be shorter than " + HTTP_FORWARD_TIMEOUT + " (" + httpForwardTimeout + "): a forwarded"
                            + " query that waits would time out at the instance that forwarded it");
        }
        this.topicsAutoCreate = bool(resolved, TOPICS_AUTO_CREATE);
        this.topicsPartitions = intInRange(resolved, TOPICS_PARTITIONS, 1, 10_000);
        this.topicsReplicationFactor = (short) intInRange(resolved, TOPICS_REPLICATION_FACTOR, 1, Short.MAX_VALUE);
        this.topicsInputRetention = positiveDuration(resolved, TOPICS_INPUT_RETENTION);
        this.topicsDlqRetention = positiveDuration(resolved, TOPICS_DLQ_RETENTION);
        this.upgradeFrom = upgradeFrom(resolved);
        if (!resolved.get(ROCKSDB_MEMTABLE_BYTES).isEmpty()) {
            intInRange(resolved, ROCKSDB_MEMTABLE_BYTES, 64 << 10, 1 << 30);
        }
        this.httpSecurity = HttpSecurityConfig.from(resolved);
        this.registryMode = registryMode(resolved);
        this.registryTimeout = positiveDuration(resolved, REGISTRY_TIMEOUT);
        String dlqSetting = resolved.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
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
        if (dlqMaxBytes + DeadLetters.HEADROOM > maxRequestSize) {
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
                                + new java.util.TreeSet<>(HttpSecurityConfig.KEYS));
            }
            if (e.getValue() == null) {
                throw new ConfigException(key, null, "no value");
            }
            merged.put(key, e.getValue().trim());
        }
        merged.putIfAbsent(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, merged.get(DLQ_TOPIC));
        Set<String> derived = new HashSet<>(internalMinInSyncReplicas(merged));
        derived.addAll(transactionTimeout(merged));
        return new OrdersConfig(merged, derived);
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

    /**
     * How far ahead of the wall clock a record timestamp may be; a later one counts as the wall
     * clock plus this, so that stream time (and the dedup window) cannot be pushed into the future.
     */
    public Duration timestampMaxFuture() {
        return timestampMaxFuture;
    }

    /** Port of the HTTP API; 0 lets the system choose. */
    public int httpPort() {
        return httpPort;
    }

    /** How long a request forwarded to the key's owner may take before the answer is 503. */
    public Duration httpForwardTimeout() {
        return httpForwardTimeout;
    }

    /** TLS and authentication of the HTTP API (off by default). */
    public HttpSecurityConfig httpSecurity() {
        return httpSecurity;
    }

    /** Whether a standby replica may answer (marked {@code X-Stale: true}) when the owner cannot. */
    public boolean queryAllowStale() {
        return queryAllowStale;
    }

    /** How long a query for state that includes a given input offset waits before it gives up. */
    public Duration queryWaitMax() {
        return queryWaitMax;
    }

    /** Whether missing topics are created at start (for local use; production provisions them). */
    public boolean topicsAutoCreate() {
        return topicsAutoCreate;
    }

    /** Partitions of the topics {@code orders-eos-ops topics} and auto-creation make. */
    public int topicsPartitions() {
        return topicsPartitions;
    }

    /** Whether values are in the schema registry's wire format ({@code orders.serde=registry}). */
    public boolean registryMode() {
        return registryMode;
    }

    /** How long a record waits for the schema registry before the wait fails as a fault. */
    public Duration registryTimeout() {
        return registryTimeout;
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

    /** What interactive queries read: committed state only (the default), or uncommitted writes too. */
    public IsolationLevel queryIsolation() {
        return queryIsolation;
    }

    /** The release a rolling upgrade comes from ({@link #UPGRADE_FROM}), if one is under way. */
    public Optional<String> upgradeFrom() {
        return upgradeFrom;
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
        String lower = key.toLowerCase(java.util.Locale.ROOT);
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

    private static final String REGISTRY_CLIENT_URL = REGISTRY_CLIENT_PREFIX + "registry.url";

    private static boolean registryMode(Map<String, String> values) {
        String mode = values.get(SERDE);
        if (!mode.equals(SINGLE_OBJECT) && !mode.equals(REGISTRY)) {
            throw new ConfigException(SERDE, mode, "expected " + SINGLE_OBJECT + " or " + REGISTRY);
        }
        if (values.containsKey(REGISTRY_CLIENT_URL)) {
            throw new ConfigException(
                    REGISTRY_CLIENT_URL,
                    values.get(REGISTRY_CLIENT_URL),
                    "set the registry with " + REGISTRY_URL + " only");
        }
        String url = values.get(REGISTRY_URL);
        if (mode.equals(REGISTRY) && url.isEmpty()) {
            throw new ConfigException(REGISTRY_URL, url, "required with " + SERDE + "=" + REGISTRY);
        }
        if (!url.isEmpty()) {
            try {
                java.net.URI uri = new java.net.URI(url);
                if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                    throw new ConfigException(
                            REGISTRY_URL,
                            url,
                            "expected the registry's REST API as http(s)://host:port/apis/registry/v3");
                }
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(REGISTRY_URL, url, "not a URL: " + e.getMessage());
            }
        }
        return mode.equals(REGISTRY);
    }

    private static Optional<String> upgradeFrom(Map<String, String> values) {
        String release = values.get(UPGRADE_FROM);
        if (release.isEmpty()) {
            return Optional.empty();
        }
        if (!Releases.RECORDED.contains(release)) {
            throw new ConfigException(
                    UPGRADE_FROM,
                    release,
                    "not a release this version can be upgraded from in a rolling upgrade; known: "
                            + Releases.RECORDED);
        }
        return Optional.of(release);
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
