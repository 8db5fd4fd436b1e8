package io.orderseos.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.app.OrdersApp;
import io.orderseos.config.OrdersConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;

/**
 * Real instances of the app in one group on an {@link EmbeddedKafka}, each with its own state
 * directory and an HTTP port the system chooses, started and RUNNING. With a topic prefix the group
 * gets four topics of its own ({@code <prefix>-orders}, {@code -status}, {@code -stats}, {@code
 * -dlq}); without, it uses the contract's topics, which the test creates. The group's input can be
 * loaded with {@link PaidOrders} and every instance's answers checked.
 */
public final class AppGroup implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final EmbeddedKafka kafka;
    private final String applicationId;
    private final List<OrdersApp> instances = new ArrayList<>();
    private final String inputTopic;

    private AppGroup(EmbeddedKafka kafka, String applicationId, String inputTopic) {
        this.kafka = kafka;
        this.applicationId = applicationId;
        this.inputTopic = inputTopic;
    }

    /**
     * Starts one instance per entry of {@code overrides} (its settings on top of the group's {@code
     * common} ones) and waits until all are RUNNING.
     */
    public static AppGroup start(
            EmbeddedKafka kafka,
            Path stateDirs,
            String applicationId,
            String topicPrefix,
            Map<String, String> common,
            List<Map<String, String>> overrides)
            throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG,
                applicationId,
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                "100",
                OrdersConfig.HTTP_PORT,
                "0"));
        String inputTopic = OrdersConfig.defaults().inputTopic();
        if (topicPrefix != null) {
            // Not prefixed by the application id: Kafka Streams takes such topics for its own internal ones.
            inputTopic = topicPrefix + "-orders";
            kafka.createTopics(inputTopic, topicPrefix + "-status", topicPrefix + "-stats", topicPrefix + "-dlq", 4);
            settings.putAll(Map.of(
                    OrdersConfig.INPUT_TOPIC, inputTopic,
                    OrdersConfig.STATUS_TOPIC, topicPrefix + "-status",
                    OrdersConfig.CUSTOMER_STATS_TOPIC, topicPrefix + "-stats",
                    OrdersConfig.DLQ_TOPIC, topicPrefix + "-dlq"));
        }
        settings.putAll(common);
        AppGroup group = new AppGroup(kafka, applicationId, inputTopic);
        try {
            for (Map<String, String> own : overrides) {
                Map<String, String> instance = new HashMap<>(settings);
                instance.put(
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDirs
                                .resolve(applicationId + "-" + group.instances.size())
                                .toString());
                instance.putAll(own);
                group.instances.add(new OrdersApp(OrdersConfig.of(instance)));
            }
            for (OrdersApp app : group.instances) {
                app.start();
            }
            Awaitility.await(applicationId + " RUNNING").atMost(TIMEOUT).until(() -> group.instances.stream()
                    .allMatch(app -> app.streams().state() == KafkaStreams.State.RUNNING));
            return group;
        } catch (Exception | AssertionError e) {
            group.close();
            throw e;
        }
    }

    public OrdersApp get(int index) {
        return instances.get(index);
    }

    public List<OrdersApp> instances() {
        return List.copyOf(instances);
    }

    /** Writes {@link PaidOrders} to the group's input and waits until the group has consumed them. */
    public void loadPaidOrders(int orders, int customers) {
        PaidOrders.produce(kafka, inputTopic, orders, customers);
        kafka.awaitConsumed(applicationId, inputTopic, TIMEOUT);
    }

    /**
     * Every instance, asked through {@code client}, answers every one of the {@link PaidOrders} (three
     * customers) and its pages of customers; the answers came from every instance, so requests were
     * forwarded.
     */
    public void assertEveryInstanceAnswersEveryOrder(Function<OrdersApp, Http> client, int orders) throws Exception {
        Set<String> servers = new HashSet<>();
        for (OrdersApp app : instances) {
            Http http = client.apply(app);
            Awaitility.await("every order through " + self(app))
                    .atMost(TIMEOUT)
                    .until(() -> PaidOrders.allAnswered(http, orders, servers));
            PaidOrders.assertCustomerPages(http, orders / 3);
        }
        assertThat(servers)
                .as("keys are served by every instance, so some answers were forwarded")
                .containsExactlyInAnyOrderElementsOf(
                        instances.stream().map(AppGroup::self).toList());
    }

    /** {@code host:port} of an instance's HTTP API as the group knows it. */
    public static String self(OrdersApp app) {
        return app.config().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    }

    @Override
    public void close() {
        instances.forEach(OrdersApp::close);
    }
}
