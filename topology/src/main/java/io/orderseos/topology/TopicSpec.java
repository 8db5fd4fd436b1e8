package io.orderseos.topology;

import io.orderseos.config.OrdersConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;

/**
 * A topic as orders-eos needs it on the cluster: partitions, replication factor and the topic
 * configs that matter. The one definition that {@code orders-eos-ops topics} creates and checks
 * and that the app's auto-creation (local use) applies. Internal topics (changelogs, the
 * repartition topic) are not here: Kafka Streams creates them itself.
 *
 * <p>Why these settings:
 *
 * <ul>
 *   <li>{@code order-status} and {@code customer-stats} are compacted: each holds the latest value
 *       per key, and a consumer rebuilding a view needs every key, not the last days.
 *   <li>{@code min.insync.replicas} is 2 with three or more replicas (an {@code acks=all} write,
 *       which exactly-once uses, survives the loss of one broker and still has two copies), 1 below
 *       that (2 of 2 would stop every write when one broker is down).
 *   <li>{@code unclean.leader.election.enable=false}: an out-of-sync replica never becomes leader,
 *       which would silently drop committed records (and transaction markers).
 *   <li>The input's retention must exceed the dedup window: records the app has not consumed yet
 *       are deleted after it, and a reprocessing (the streams reset tool) rebuilds the dedup memory
 *       from the retained input only, so a shorter retention would let a duplicate through whose
 *       first copy had already been deleted.
 *   <li>The dead-letter topic keeps its letters long ({@code P30D} by default): an operator must
 *       have time to find the cause, fix it and replay them ({@code dlq-replay}).
 * </ul>
 *
 * @param configs topic configs, sorted by name
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    /** The {@code dlq-replay} ledger's name is the dead-letter topic's with this suffix. */
    public static final String LEDGER_SUFFIX = "-replayed";

    public TopicSpec {
        configs = Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    /** The topic as {@code Admin#createTopics} takes it. */
    public NewTopic newTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(configs);
    }

    /**
     * The four topics of the contract: input, {@code order-status}, {@code customer-stats} and the
     * dead letters, each with {@link OrdersConfig#topicsPartitions()} partitions and {@link
     * OrdersConfig#topicsReplicationFactor()} replicas.
     *
     * @throws ConfigException if the input's retention does not exceed the dedup window
     */
    public static List<TopicSpec> appTopics(OrdersConfig config) {
        Duration retention = config.topicsInputRetention();
        if (retention.compareTo(config.dedupWindow()) <= 0) {
            throw new ConfigException(
                    OrdersConfig.TOPICS_INPUT_RETENTION,
                    retention.toString(),
                    "must be longer than " + OrdersConfig.DEDUP_WINDOW + " (" + config.dedupWindow()
                            + "): unconsumed input would be deleted before the dedup window ends, and a"
                            + " reprocessing could not rebuild the dedup memory");
        }
        int partitions = config.topicsPartitions();
        short replicas = config.topicsReplicationFactor();
        return List.of(
                new TopicSpec(
                        config.inputTopic(),
                        partitions,
                        replicas,
                        with(replicas, TopicConfig.CLEANUP_POLICY_DELETE, retention)),
                new TopicSpec(
                        config.statusTopic(),
                        partitions,
                        replicas,
                        with(replicas, TopicConfig.CLEANUP_POLICY_COMPACT, null)),
                new TopicSpec(
                        config.customerStatsTopic(),
                        partitions,
                        replicas,
                        with(replicas, TopicConfig.CLEANUP_POLICY_COMPACT, null)),
                new TopicSpec(
                        config.dlqTopic(),
                        partitions,
                        replicas,
                        appendTime(with(replicas, TopicConfig.CLEANUP_POLICY_DELETE, config.topicsDlqRetention()))));
    }

    /**
     * The ledger of {@code orders-eos-ops dlq-replay}: key = a dead letter's topic/partition/offset,
     * written in the same transaction as its replay. Compacted (one entry per letter, forever: a
     * letter replayed once must never be replayed again) and one partition (it is read whole at
     * every replay, and holds one small record per replayed letter).
     */
    public static TopicSpec replayLedger(OrdersConfig config) {
        String name = config.dlqTopic() + LEDGER_SUFFIX;
        if (name.length() > 249) {
            throw new ConfigException(
                    OrdersConfig.DLQ_TOPIC,
                    config.dlqTopic(),
                    "too long for its replay ledger " + LEDGER_SUFFIX + " (Kafka allows 249 characters)");
        }
        short replicas = config.topicsReplicationFactor();
        return new TopicSpec(name, 1, replicas, with(replicas, TopicConfig.CLEANUP_POLICY_COMPACT, null));
    }

    /** Every topic {@code orders-eos-ops topics} provisions: the app's four and the replay ledger. */
    public static List<TopicSpec> all(OrdersConfig config) {
        List<TopicSpec> all = new java.util.ArrayList<>(appTopics(config));
        all.add(replayLedger(config));
        return List.copyOf(all);
    }

    /** 2 with three or more replicas, else 1. */
    public static int minInSyncReplicas(short replicationFactor) {
        return replicationFactor >= 3 ? 2 : 1;
    }

    /**
     * Stamped by the broker: retention counts from when a record was written. The dead-letter topic
     * is: a letter of an input stamped long ago (a replay, a backfill) must stay for the whole
     * retention; the input's own timestamp travels in a header ({@code orders.dlq.input.timestamp}).
     */
    private static Map<String, String> appendTime(Map<String, String> configs) {
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TimestampType.LOG_APPEND_TIME.name);
        return configs;
    }

    private static Map<String, String> with(short replicas, String cleanupPolicy, Duration retention) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas(replicas)));
        configs.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
        if (retention != null) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        }
        return configs;
    }
}
