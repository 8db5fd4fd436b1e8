package io.orderseos.ops;

import io.orderseos.config.ConfigSources;
import io.orderseos.config.OrdersConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The app's configuration as an operator's command reads it: the way the app does ({@code --config
 * FILE}, then {@code KAFKA_*} / {@code ORDERS_*} variables), so a command pointed at the app's file
 * and environment sees the same topics, limits, brokers and client security.
 */
public final class AppConfig {
    private AppConfig() {}

    /** The configuration from {@code --config} (if given) and {@code env}; fails on a bad key or value. */
    public static OrdersConfig load(Map<String, String> options, Map<String, String> env) {
        List<String> configArgs =
                options.containsKey("config") ? List.of("--config", options.get("config")) : List.of();
        return ConfigSources.load(configArgs, env);
    }

    /**
     * The client settings a plain consumer, producer or admin needs: brokers, security, config
     * providers. {@code --bootstrap-servers} (or Kafka's spelling {@code --bootstrap-server})
     * overrides the configuration's brokers.
     */
    public static Map<String, Object> client(OrdersConfig app, Map<String, String> options) {
        Map<String, Object> client = new HashMap<>();
        List<String> prefixes =
                List.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "security.", "sasl.", "ssl.", "config.providers");
        app.kafkaProperties().forEach((key, value) -> {
            if (prefixes.stream().anyMatch(prefix -> key.toString().startsWith(prefix))) {
                client.put(key.toString(), value);
            }
        });
        client.putIfAbsent(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        for (String flag : List.of("bootstrap-servers", "bootstrap-server")) {
            if (options.containsKey(flag)) {
                client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.get(flag));
            }
        }
        return client;
    }

    /** The broker list of {@code client}, as messages name it. */
    public static String brokers(Map<String, Object> client) {
        return String.valueOf(client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }
}
