package io.orderseos.ops.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of real broker processes on loopback, for fault injection: 1 node, or 3 nodes
 * that are each broker and controller (a 3-voter quorum) and replicate everything 3 times with 2
 * in sync, so that any one node can be killed while {@code acks=all} writes and transactions go
 * on. Node {@code i} lives in {@code <dir>/node-i}. Every node dies with this JVM.
 */
public final class KafkaCluster implements AutoCloseable {
    private final List<BrokerProcess> nodes;

    private KafkaCluster(List<BrokerProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Formats and starts {@code size} (1 or 3) nodes with one cluster id and returns once every node
     * answers; fails naming the log of a node that does not come up within {@code timeout}, with
     * every node stopped.
     */
    public static KafkaCluster start(Path dir, int size, Duration timeout) throws IOException, InterruptedException {
        return start(dir, size, timeout, Map.of());
    }

    /**
     * Broker settings {@link #start(Path, int, Duration, Map)} takes no override for: the
     * listeners, node id, quorum and log directories each node needs to run here at all.
     */
    public static final Set<String> HARNESS_SETTINGS = BrokerConfig.HARNESS_SETTINGS;

    /**
     * As {@link #start(Path, int, Duration)}, each node with {@code overrides} added to its
     * properties (they win over the harness's own); none of them may be one of {@link
     * #HARNESS_SETTINGS}.
     */
    public static KafkaCluster start(Path dir, int size, Duration timeout, Map<String, String> overrides)
            throws IOException, InterruptedException {
        List<Integer> ports = FreePorts.pick(2 * size); // in one go, so that none repeats
        List<BrokerConfig> configs =
                BrokerConfig.quorum(ports.subList(0, size), ports.subList(size, 2 * size), overrides);
        List<BrokerProcess> nodes = new ArrayList<>();
        for (BrokerConfig config : configs) {
            nodes.add(BrokerProcess.clusterNode(config, dir.resolve("node-" + config.nodeId()), timeout));
        }
        KafkaCluster cluster = new KafkaCluster(nodes);
        try {
            String clusterId = Uuid.randomUuid().toString();
            for (BrokerProcess node : nodes) {
                node.format(clusterId);
            }
            // All at once: a node of a 3-voter quorum cannot start alone, it needs a majority.
            for (BrokerProcess node : nodes) {
                node.start();
            }
            for (BrokerProcess node : nodes) {
                node.awaitReady();
            }
            return cluster;
        } catch (IOException | RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node's listener, for clients that must find the cluster whichever node is down. */
    public String bootstrapServers() {
        return nodes.stream().map(BrokerProcess::bootstrapServers).collect(Collectors.joining(","));
    }

    /** The node with {@code nodeId} (1 to {@link #size()}), to inject faults into. */
    public BrokerProcess node(int nodeId) {
        if (nodeId < 1 || nodeId > nodes.size()) {
            throw new IllegalArgumentException("no node " + nodeId + " in a cluster of " + nodes.size());
        }
        return nodes.get(nodeId - 1);
    }

    /**
     * Waits until every partition, internal topics included, has all its replicas in sync again, or
     * fails after {@code timeout} naming those that lag. A harness calls it after restarting a node
     * and before the next fault: with 2 of 3 replicas needed in sync, killing a second node while the
     * first still catches up would stop {@code acks=all} writes, which is not the fault it meant.
     */
    public void awaitInSync(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<String> lagging = laggingPartitions(admin);
            while (!lagging.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not in sync within " + timeout + ": " + lagging);
                }
                Thread.sleep(200); // polling replication between processes; nothing to wait on instead
                lagging = laggingPartitions(admin);
            }
        }
    }

    private static List<String> laggingPartitions(Admin admin) throws InterruptedException {
        try {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get(5, TimeUnit.SECONDS);
            return admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                    .flatMap(topic -> topic.partitions().stream()
                            .filter(p -> p.isr().size() < p.replicas().size())
                            .map(p -> topic.name() + "-" + p.partition()))
                    .toList();
        } catch (ExecutionException | TimeoutException e) {
            return List.of("(the cluster does not answer: " + e.getMessage() + ")");
        }
    }

    public List<BrokerProcess> nodes() {
        return nodes;
    }

    public int size() {
        return nodes.size();
    }

    /**
     * Stops every node, the last first: SIGTERM to all at once, then a wait for each, SIGKILL after
     * 30 s. One after the other, the last node would wait for the quorum that has gone until that
     * SIGKILL; at once, three nodes stop cleanly in a few seconds.
     */
    @Override
    public void close() {
        List<BrokerProcess> reversed = new ArrayList<>(nodes);
        Collections.reverse(reversed);
        reversed.forEach(BrokerProcess::stopAsync);
        reversed.forEach(BrokerProcess::close);
    }
}
