package io.orderseos.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.config.OrdersConfig;
import io.orderseos.customer.CustomerStatsProcessor;
import io.orderseos.dedup.DedupProcessor;
import io.orderseos.order.OrderStateProcessor;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.TopologyException;
import org.apache.kafka.streams.kstream.Consumed;
import org.junit.jupiter.api.Test;

/** The shape of the topology: its names are API, and building it is a pure function of the config. */
class OrderTopologyTest {
    private final TopologyDescription description =
            OrderTopology.build(OrdersConfig.defaults()).describe();

    @Test
    void processorNamesAreStable() {
        Set<String> names = new TreeSet<>();
        description.subtopologies().forEach(s -> s.nodes().forEach(n -> names.add(n.name())));

        assertThat(names)
                .containsExactlyInAnyOrder(
                        OrderTopology.SOURCE,
                        "validate",
                        "dedup",
                        "order-state-machine",
                        "order-stage-",
                        "order-stage-transitions",
                        "order-transitions",
                        "order-stage-held-dead-letters",
                        "held-dead-letter-bytes",
                        "held-dead-letter-sink",
                        "order-status-value",
                        "order-status-sink",
                        "key-by-customer",
                        "orders-by-customer-repartition-filter",
                        "orders-by-customer-repartition-sink",
                        "orders-by-customer-repartition-source",
                        "customer-stats-aggregate",
                        "customer-stats-sink");
    }

    @Test
    void storeNamesAreStable() {
        Set<String> stores = new TreeSet<>();
        description.subtopologies().forEach(s -> s.nodes().forEach(n -> {
            if (n instanceof TopologyDescription.Processor p) {
                stores.addAll(p.stores());
            }
        }));

        assertThat(stores).containsExactlyInAnyOrder("dedup-store", "order-status-store", "customer-stats-store");
        assertThat(new TreeSet<>(Set.of(DedupProcessor.STORE, OrderStateProcessor.STORE, CustomerStatsProcessor.STORE)))
                .isEqualTo(stores);
    }

    @Test
    void customerAggregateIsBehindTheNamedRepartition() {
        assertThat(description.subtopologies()).hasSize(2);
        assertThat(description.toString())
                .contains("Source: orders-by-customer-repartition-source (topics: [orders-by-customer-repartition])")
                .contains("Source: orders-source (topics: [orders])")
                .contains("Sink: order-status-sink (topic: order-status)")
                .contains("Sink: customer-stats-sink (topic: customer-stats)");
    }

    @Test
    void topicNamesComeFromTheConfig() {
        OrdersConfig config = OrdersConfig.of(Map.of(
                OrdersConfig.INPUT_TOPIC, "in",
                OrdersConfig.STATUS_TOPIC, "status",
                OrdersConfig.CUSTOMER_STATS_TOPIC, "stats"));

        assertThat(OrderTopology.build(config).describe().toString())
                .contains("(topics: [in])")
                .contains("(topic: status)")
                .contains("(topic: stats)");
    }

    @Test
    void buildingIsPureAndRepeatable() {
        assertThat(OrderTopology.build(OrdersConfig.defaults()).describe()).isEqualTo(description);
    }

    @Test
    void explicitNamingIsEnforced() {
        // The guard that keeps every name above explicit: an unnamed internal resource fails the build.
        OrdersConfig config = OrdersConfig.defaults();
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.kafkaProperties())));
        builder.stream("x", Consumed.as("x-source")).groupByKey().count();

        assertThatThrownBy(builder::build).isInstanceOf(TopologyException.class);
    }
}
