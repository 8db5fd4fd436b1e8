package io.orderseos.ops.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.awaitility.Awaitility;

/** A real KRaft cluster of three brokers and one controller in the test's JVM, and an admin for it. */
final class ThreeBrokers {
    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private ThreeBrokers(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    static ThreeBrokers start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(false)
                        .setNumBrokerNodes(3)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new ThreeBrokers(cluster);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    /**
     * Waits until every broker's metadata knows {@code topics}. A topic is created once the
     * controller has it; each broker learns of it when it replays the metadata log, so a client
     * that asks another broker right after the creation may be told it does not exist yet.
     */
    void awaitKnownToEveryBroker(String... topics) {
        Awaitility.await("topics " + List.of(topics) + " known to every broker")
                .atMost(Duration.ofSeconds(30))
                .until(() -> cluster.brokers().values().stream()
                        .allMatch(broker -> List.of(topics).stream().allMatch(broker.metadataCache()::contains)));
    }

    void close() throws Exception {
        admin.close();
        cluster.close();
    }
}
