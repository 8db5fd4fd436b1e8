package io.orderseos.ops.bench;

import io.orderseos.config.ConfigSources;
import io.orderseos.config.OrdersConfig;
import io.orderseos.ops.cluster.AppSettings;
import io.orderseos.ops.verify.Drain;
import io.orderseos.topology.OrderTopology;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One deployment of orders-eos in a benchmark: its own {@code application.id} and output topics
 * named after {@code name}, reading {@code input}, so every phase starts from nothing and leaves
 * the others alone. Instances run the deployable jar with the app's defaults, changed only by
 * {@code env} (the at-least-once run sets the guarantee, nothing else), and the same heap as every
 * other system the benchmark runs.
 */
record AppUnderTest(String name, String input, String bootstrapServers, Path jar, Map<String, String> env) {
    /** The JVM every measured process gets: the harness's usual heap for an app instance. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

    AppUnderTest {
        env = Map.copyOf(env);
    }

    String applicationId() {
        return "orders-eos-bench-" + name;
    }

    String statusTopic() {
        return name + "-order-status";
    }

    String customerStatsTopic() {
        return name + "-customer-stats";
    }

    String dlqTopic() {
        return name + "-orders-dlq";
    }

    /** What its instances consume: the input, then the repartition topic they create. */
    List<String> consumed() {
        return List.of(input, applicationId() + "-" + OrderTopology.BY_CUSTOMER + "-repartition");
    }

    List<String> outputs() {
        return List.of(statusTopic(), customerStatsTopic(), dlqTopic());
    }

    /** Its output topics, as {@code chaos} creates them (the two state topics compacted). */
    List<NewTopic> outputTopics(int partitions) {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(statusTopic(), partitions, (short) 1).configs(compacted));
        topics.add(new NewTopic(customerStatsTopic(), partitions, (short) 1).configs(compacted));
        topics.add(new NewTopic(dlqTopic(), partitions, (short) 1));
        return topics;
    }

    /** Instance settings; {@code extraJvmOptions} come after the common ones (a flight recording). */
    AppSettings settings(List<String> extraJvmOptions) {
        AppSettings settings = AppSettings.of(jar, bootstrapServers)
                .withEnv("KAFKA_APPLICATION_ID", applicationId())
                .withEnv("ORDERS_INPUT_TOPIC", input)
                .withEnv("ORDERS_STATUS_TOPIC", statusTopic())
                .withEnv("ORDERS_CUSTOMER_STATS_TOPIC", customerStatsTopic())
                .withEnv("ORDERS_DLQ_TOPIC", dlqTopic());
        for (Map.Entry<String, String> entry : env.entrySet()) {
            settings = settings.withEnv(entry.getKey(), entry.getValue());
        }
        List<String> jvm = new ArrayList<>(JVM_OPTIONS);
        jvm.addAll(extraJvmOptions);
        return settings.withJvmOptions(jvm.toArray(String[]::new));
    }

    /** The configuration the instances run with, read from their environment as the app reads it. */
    OrdersConfig config() {
        Map<String, String> instanceEnv = new HashMap<>(settings(List.of()).env());
        instanceEnv.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        return ConfigSources.load(List.of(), instanceEnv);
    }

    Drain drain(Map<String, Object> clientConfig, PrintStream out) {
        return new Drain(clientConfig, config(), out);
    }

    /** The commit interval the instances run with: Kafka Streams' default for their guarantee. */
    long commitIntervalMs() {
        return new StreamsConfig(config().kafkaProperties()).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }
}
