package io.orderseos.ops;

import io.orderseos.config.ConfigSources;
import io.orderseos.config.OrdersConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * The app's configuration as an operator's command reads it: the way the app does ({@code --config
 * FILE}, then {@code KAFKA_*} / {@code ORDERS_*} variables), so a command pointed at the app's file
 * and environment sees the same topics, limits, brokers and client security. A picocli mixin: the
 * commands that talk to the app's cluster take these two options alike.
 */
public final class AppConfig {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "the app's configuration file (topics, application.id, dedup window, limits,"
                    + " orders.topics.*, client security); KAFKA_*/ORDERS_* variables apply as for the app")
    private Path config;

    @Option(
            names = {"--bootstrap-servers", "--bootstrap-server"},
            paramLabel = "HOST:PORT",
            description = "brokers (default: the configuration's bootstrap.servers)")
    private String bootstrapServers;

    /** The configuration from {@code --config} (if given) and {@code env}; fails on a bad key or value. */
    public OrdersConfig load(Map<String, String> env) {
        List<String> configArgs = config != null ? List.of("--config", config.toString()) : List.of();
        return ConfigSources.load(configArgs, env);
    }

    /**
     * The client settings a plain consumer, producer or admin needs: brokers, security, config
     * providers. {@code --bootstrap-servers} (or Kafka's spelling {@code --bootstrap-server})
     * overrides the configuration's brokers.
     */
    public Map<String, Object> client(OrdersConfig app) {
        Map<String, Object> client = new HashMap<>();
        List<String> prefixes =
                List.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "security.", "sasl.", "ssl.", "config.providers");
        app.kafkaProperties().forEach((key, value) -> {
            if (prefixes.stream().anyMatch(prefix -> key.toString().startsWith(prefix))) {
                client.put(key.toString(), value);
            }
        });
        client.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        if (bootstrapServers != null) {
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        return client;
    }

    /** The broker list of {@code client}, as messages name it. */
    public static String brokers(Map<String, Object> client) {
        return String.valueOf(client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }
}
