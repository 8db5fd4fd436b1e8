package io.orderseos.ops.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One KRaft node's {@code server.properties}: broker and controller in one process, on loopback.
 * One node keeps every replication setting at 1; three nodes replicate everything three times and
 * need two in sync, so that one node can be killed without losing an acknowledged write or
 * blocking {@code acks=all} producers and transactions. {@code overrides} come last and win over
 * any of these (a benchmark's broker settings).
 */
record BrokerConfig(
        int nodeId, int port, int controllerPort, String voters, int replication, Map<String, String> overrides) {

    /** What the harness sets for a node to run on loopback in its quorum at all: no override's to change. */
    static final Set<String> HARNESS_SETTINGS = Set.of(
            "process.roles",
            "node.id",
            "controller.quorum.voters",
            "listeners",
            "advertised.listeners",
            "controller.listener.names",
            "listener.security.protocol.map",
            "log.dirs");

    BrokerConfig {
        overrides = Map.copyOf(overrides);
        for (String name : overrides.keySet()) {
            if (HARNESS_SETTINGS.contains(name)) {
                throw new IllegalArgumentException(name + " is the harness's to set, not an override's");
            }
        }
    }

    /** Configs for a quorum of 1 or 3 nodes, node {@code i + 1} listening on the {@code i}-th ports. */
    static List<BrokerConfig> quorum(List<Integer> ports, List<Integer> controllerPorts) {
        return quorum(ports, controllerPorts, Map.of());
    }

    static List<BrokerConfig> quorum(
            List<Integer> ports, List<Integer> controllerPorts, Map<String, String> overrides) {
        if (ports.size() != 1 && ports.size() != 3) {
            throw new IllegalArgumentException("a cluster has 1 or 3 nodes, not " + ports.size());
        }
        String voters = IntStream.range(0, ports.size())
                .mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts.get(i))
                .collect(Collectors.joining(","));
        List<BrokerConfig> configs = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            configs.add(new BrokerConfig(i + 1, ports.get(i), controllerPorts.get(i), voters, ports.size(), overrides));
        }
        return configs;
    }

    String bootstrapServer() {
        return "localhost:" + port;
    }

    String properties(Path dataDir) {
        int minInSync = replication == 1 ? 1 : 2;
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir.toAbsolutePath(),
                "num.partitions=6",
                "default.replication.factor=" + replication,
                "min.insync.replicas=" + minInSync,
                "offsets.topic.replication.factor=" + replication,
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=" + minInSync,
                "unclean.leader.election.enable=false",
                // Tests and harnesses start consumers at once; nobody waits for more members.
                "group.initial.rebalance.delay.ms=0"));
        new TreeMap<>(overrides).forEach((name, value) -> lines.add(name + "=" + value));
        lines.add("");
        return String.join("\n", lines);
    }
}
