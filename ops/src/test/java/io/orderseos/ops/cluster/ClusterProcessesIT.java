package io.orderseos.ops.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos harness's process control, on real processes: broker nodes killed and restarted (one
 * node keeps its topics, three nodes keep taking {@code acks=all} writes with one down), an app
 * instance paused, resumed, killed, restarted and terminated. Every fault goes through a {@link
 * FaultLog}, as the harness will do it.
 */
class ClusterProcessesIT {
    private static final Duration START = Duration.ofSeconds(90);

    /** One node, shared by the tests that need no more: each start is a few seconds of both cores. */
    private static KafkaCluster single;

    @TempDir
    static Path sharedDir;

    private final FaultLog faults = new FaultLog(System.out);

    @TempDir
    Path dir;

    @BeforeAll
    static void startSingleNode() throws Exception {
        single = KafkaCluster.start(sharedDir.resolve("kafka"), 1, START);
    }

    @AfterAll
    static void stopSingleNode() {
        single.close();
    }

    @Test
    void singleNodeKeepsItsTopicsAcrossKillAndRestart() throws Exception {
        try (Admin admin = admin(single)) {
            admin.createTopics(List.of(new NewTopic("before-kill", 2, (short) 1)))
                    .all()
                    .get();
            BrokerProcess broker = single.node(1);
            long firstPid = broker.pid();

            faults.record("kill -9", broker.name(), broker.pid());
            broker.kill();
            assertThat(broker.isAlive()).isFalse();
            broker.restart();
            faults.record("restarted", broker.name(), broker.pid());

            assertThat(broker.pid()).isNotEqualTo(firstPid);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("before-kill");
            assertRoundTrip(single.bootstrapServers(), "before-kill", "after restart");
            assertThat(Files.readString(broker.log())).contains("broker-1 start 1", "broker-1 start 2");
        }
    }

    @Test
    void threeNodesTakeAcksAllWritesWithOneNodeKilled() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(dir, 3, START);
                Admin admin = admin(cluster)) {
            admin.createTopics(List.of(new NewTopic("replicated", 3, (short) 3)))
                    .all()
                    .get();
            cluster.awaitInSync(START); // also until every node knows the topic
            TopicDescription topic = admin.describeTopics(List.of("replicated"))
                    .allTopicNames()
                    .get()
                    .get("replicated");
            assertThat(topic.partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));

            BrokerProcess node = cluster.node(2);
            faults.record("kill -9", node.name(), node.pid());
            node.kill();
            assertRoundTrip(cluster.bootstrapServers(), "replicated", "one node down");

            node.restart();
            faults.record("restarted", node.name(), node.pid());
            cluster.awaitInSync(START);
            assertRoundTrip(cluster.bootstrapServers(), "replicated", "all nodes back");
        }
    }

    @Test
    void nodeThatCannotStartFailsNamingItsLog() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> BrokerProcess.start(dir, taken.getLocalPort(), START)
                            .close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("broker-1 exited with code")
                    .hasMessageContaining(dir.resolve("broker.log").toString());
        }
    }

    @Test
    void appInstanceSurvivesPauseKillAndRestart() throws Exception {
        try (AppProcess app = AppProcess.create(
                "app-1",
                dir.resolve("app-1"),
                AppSettings.of(AppJar.locate(), single.bootstrapServers())
                        .withEnv("ORDERS_TOPICS_AUTO_CREATE", "true")
                        .withEnv("ORDERS_TOPICS_PARTITIONS", "2")
                        .withEnv("KAFKA_COMMIT_INTERVAL_MS", "100"))) {
            app.start();
            app.awaitReady(START);
            assertThat(app.status("/health/live")).isEqualTo(200);

            faults.record("SIGSTOP", app.name(), app.pid());
            app.pause();
            assertThat(app.status("/health/live")).as("paused: no answer").isEqualTo(-1);
            app.resume();
            faults.record("SIGCONT", app.name(), app.pid());
            assertThat(app.status("/health/live")).isEqualTo(200);

            faults.record("kill -9", app.name(), app.pid());
            app.kill();
            assertThat(app.isAlive()).isFalse();
            app.restart();
            faults.record("restarted", app.name(), app.pid());
            app.awaitReady(START);

            long stopping = System.nanoTime();
            int code = app.terminate(AppProcess.CLEAN_STOP);
            faults.record("SIGTERM " + app.name() + " exited with " + code);
            assertThat(code).isIn(0, 143);
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(20));
            assertThat(Files.readString(app.log())).contains("app-1 start 1", "app-1 start 2");
            assertThat(faults.lines()).hasSize(5);
        }
    }

    private static Admin admin(KafkaCluster cluster) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** Writes {@code value} with {@code acks=all} and reads it back from the start of the topic. */
    private static void assertRoundTrip(String bootstrap, String topic, String value) throws Exception {
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(40, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!values.contains(value) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            assertThat(values).contains(value);
        }
    }
}
