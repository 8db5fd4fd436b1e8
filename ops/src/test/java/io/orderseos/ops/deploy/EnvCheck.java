package io.orderseos.ops.deploy;

import io.orderseos.config.ConfigSources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Whether an environment that a deployment file gives an orders-eos container configures the app
 * as intended: the app accepts it (an unknown {@code orders.*} key or a bad value is an error
 * there), every {@code KAFKA_*} variable names a real Kafka property (Kafka itself only logs an
 * unknown one, so a typo would be ignored), and every other variable is one the entrypoint reads.
 */
final class EnvCheck {
    /** What docker/entrypoint.sh reads besides KAFKA_* and ORDERS_*. */
    static final Set<String> ENTRYPOINT_VARIABLES = Set.of("JAVA_OPTS", "APP_JAR", "POD_NAME", "HEADLESS_SERVICE");

    private static final Set<String> KAFKA_PROPERTIES = kafkaProperties();

    /** Prefixes Kafka Streams passes on to one client or to the internal topics. */
    private static final List<String> CLIENT_PREFIXES = List.of(
            StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX,
            StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.PRODUCER_PREFIX,
            StreamsConfig.ADMIN_CLIENT_PREFIX);

    private EnvCheck() {}

    /** What is wrong with {@code env} (given to the container {@code where}); empty if nothing. */
    static List<String> problems(String where, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        try {
            ConfigSources.load(List.of(), env);
        } catch (RuntimeException e) {
            problems.add(where + ": the app refuses it: " + e.getMessage());
        }
        ConfigSources.fromEnvironment(env).keySet().stream()
                .filter(key -> !key.startsWith("orders."))
                .filter(key -> !isKafkaProperty(key))
                .sorted()
                .forEach(key -> problems.add(where + ": " + key + " (from KAFKA_"
                        + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_') + ") is no Kafka property"));
        env.keySet().stream()
                .filter(name -> !name.startsWith("KAFKA_") && !name.startsWith("ORDERS_"))
                .filter(name -> !ENTRYPOINT_VARIABLES.contains(name))
                .sorted()
                .forEach(name -> problems.add(where + ": " + name + " is read by nothing (the entrypoint reads "
                        + ENTRYPOINT_VARIABLES + ")"));
        return problems;
    }

    private static boolean isKafkaProperty(String key) {
        if (KAFKA_PROPERTIES.contains(key) || key.startsWith(StreamsConfig.TOPIC_PREFIX)) {
            return true;
        }
        return CLIENT_PREFIXES.stream()
                .anyMatch(
                        prefix -> key.startsWith(prefix) && KAFKA_PROPERTIES.contains(key.substring(prefix.length())));
    }

    private static Set<String> kafkaProperties() {
        Set<String> names = new HashSet<>(StreamsConfig.configDef().names());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }
}
