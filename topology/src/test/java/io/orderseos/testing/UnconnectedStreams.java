package io.orderseos.testing;

import io.orderseos.config.OrdersConfig;
import io.orderseos.topology.OrderTopology;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The app's topology in a Kafka Streams instance whose broker address leads nowhere: for tests of
 * what is built around Kafka Streams (the HTTP API, the metrics) that need no record processed.
 */
public final class UnconnectedStreams {
    private UnconnectedStreams() {}

    /** The app's defaults, with no broker at {@code localhost:1} and state in {@code stateDir}. */
    public static OrdersConfig config(Path stateDir) {
        return OrdersConfig.of(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                "localhost:1",
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.toString()));
    }

    /** A Kafka Streams instance of {@code config}, not started. */
    public static KafkaStreams create(OrdersConfig config) {
        return new KafkaStreams(OrderTopology.build(config), config.kafkaProperties());
    }
}
