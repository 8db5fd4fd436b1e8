package io.orderseos.ops.topics;

import io.orderseos.topology.TopicSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;

/** Compares topics as the cluster describes them with the spec: every difference, one each. No I/O. */
final class TopicAudit {
    private TopicAudit() {}

    /** How {@code actual} differs from {@code spec}: partition count, replication factor, each config. */
    static List<Difference> compare(TopicSpec spec, TopicState actual) {
        List<Difference> differences = new ArrayList<>();
        if (actual.partitions() != spec.partitions()) {
            differences.add(new Difference(
                    spec.name(),
                    "partitions",
                    Integer.toString(actual.partitions()),
                    Integer.toString(spec.partitions())));
        }
        differences.addAll(compareReplication(spec.name(), actual, spec.replicationFactor(), spec.configs()));
        return differences;
    }

    /**
     * What orders-eos needs of an internal topic Kafka Streams created (a changelog, the repartition
     * topic): as many replicas, {@code min.insync.replicas} and {@code unclean.leader.election.enable}
     * as the spec gives the app's own topics, and the settings a store asks of its changelog ({@code
     * own}: the dedup store's is stamped on append). Kafka Streams applies those when it creates the
     * topic and never to one that exists, so a deployment older than a setting lacks it. Partitions
     * and cleanup policy are Kafka Streams' to choose.
     */
    static List<Difference> compareInternal(TopicState actual, short replicationFactor, Map<String, String> own) {
        Map<String, String> needed = new TreeMap<>(own);
        needed.put(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(TopicSpec.minInSyncReplicas(replicationFactor)));
        needed.put(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
        return compareReplication(actual.name(), actual, replicationFactor, needed);
    }

    /**
     * {@code order-status} is keyed by orderId like the input and must have as many partitions, so
     * that a consumer joining the two is co-partitioned (the app refuses to start otherwise).
     */
    static Optional<Difference> coPartitioned(String input, String status, Map<String, TopicState> found) {
        TopicState in = found.get(input);
        TopicState out = found.get(status);
        if (in == null || out == null || in.partitions() == out.partitions()) {
            return Optional.empty();
        }
        return Optional.of(new Difference(
                status,
                "partitions as " + input,
                Integer.toString(out.partitions()),
                in.partitions() + " (as " + input + ": both are keyed by orderId)"));
    }

    private static List<Difference> compareReplication(
            String topic, TopicState actual, short replicationFactor, Map<String, String> configs) {
        List<Difference> differences = new ArrayList<>();
        if (!actual.replicationFactors().equals(new TreeSet<>(List.of((int) replicationFactor)))) {
            differences.add(new Difference(
                    topic, "replication factor", actual.replicationFactor(), Short.toString(replicationFactor)));
        }
        configs.forEach((name, expected) -> {
            String value = actual.configs().get(name);
            if (value == null || !normal(name, value).equals(normal(name, expected))) {
                differences.add(new Difference(topic, name, value == null ? "(not set)" : value, expected));
            }
        });
        return differences;
    }

    /** {@code cleanup.policy} is a list: "delete,compact" is "compact,delete". */
    private static String normal(String name, String value) {
        if (name.equals(TopicConfig.CLEANUP_POLICY_CONFIG)) {
            return Arrays.stream(value.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new))
                    .toString();
        }
        return value.trim();
    }
}
