package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.http.HttpApi;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.testing.Http;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When a key's owner cannot be reached, an instance holding a standby replica of it answers from
 * the standby, marked {@code X-Stale: true}, if and only if stale reads are allowed; otherwise 503.
 * The owner here advertises an address nothing listens on: its partitions are served by Kafka
 * Streams, but its HTTP API is unreachable, as behind a broken network path.
 */
class StaleReadsIT {
    private static final int ORDERS = 12;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDirs;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @ParameterizedTest(name = "orders.query.allow.stale={0}")
    @ValueSource(booleans = {true, false})
    void keysOfAnUnreachableOwnerAreStaleOnlyWhenAllowed(boolean allowStale) throws Exception {
        int unreachable;
        try (ServerSocket socket = new ServerSocket(0)) {
            unreachable = socket.getLocalPort();
        }
        String applicationId = "orders-eos-stale-" + allowStale;
        // Not prefixed by the application id: Kafka Streams takes such topics for its own internal ones.
        String topicPrefix = "stale-" + allowStale;
        kafka.createTopics(
                topicPrefix + "-orders", topicPrefix + "-status", topicPrefix + "-stats", topicPrefix + "-dlq", 4);
        // Two instances: the standby of every task of the cut-off one is on the other.
        try (OrdersApp asked = instance(
                        applicationId,
                        topicPrefix,
                        "asked",
                        Map.of(OrdersConfig.QUERY_ALLOW_STALE, Boolean.toString(allowStale)));
                OrdersApp cutOff = instance(
                        applicationId,
                        topicPrefix,
                        "cut-off",
                        Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + unreachable))) {
            asked.start();
            cutOff.start();
            Awaitility.await("both RUNNING")
                    .atMost(TIMEOUT)
                    .until(() -> asked.streams().state() == KafkaStreams.State.RUNNING
                            && cutOff.streams().state() == KafkaStreams.State.RUNNING);
            produceOrders(topicPrefix);
            kafka.awaitConsumed(applicationId, topicPrefix + "-orders", TIMEOUT);

            Http http = new Http(asked.httpPort());
            String self = "localhost:" + asked.httpPort();
            if (allowStale) {
                Awaitility.await("every order answered, the cut-off owner's from the standby")
                        .atMost(TIMEOUT)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> allAnswered(http));
            }
            int stale = 0;
            int unavailable = 0;
            for (int i = 0; i < ORDERS; i++) {
                Http.Response answer = http.get("/orders/o-" + i);
                if (answer.status() == 503) {
                    unavailable++;
                    assertThat(answer.header("Retry-After")).isEqualTo("1");
                    continue;
                }
                assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                assertThat(answer.json()).containsEntry("orderId", "o-" + i).containsEntry("status", "PAID");
                assertThat(answer.header(HttpApi.SERVED_BY)).isEqualTo(self);
                if ("true".equals(answer.header(HttpApi.STALE))) {
                    stale++;
                }
            }
            if (allowStale) {
                assertThat(stale)
                        .as("the cut-off owner's keys, from the standby")
                        .isPositive();
                assertThat(unavailable).isZero();
            } else {
                assertThat(stale).isZero();
                assertThat(unavailable).as("the cut-off owner's keys").isPositive();
            }
        }
    }

    private static boolean allAnswered(Http http) throws Exception {
        for (int i = 0; i < ORDERS; i++) {
            if (http.get("/orders/o-" + i).status() != 200) {
                return false;
            }
        }
        return true;
    }

    private OrdersApp instance(String applicationId, String topicPrefix, String name, Map<String, String> overrides)
            throws Exception {
        return new OrdersApp(OrdersConfig.of(Map.of(
                        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        StreamsConfig.APPLICATION_ID_CONFIG,
                        applicationId,
                        StreamsConfig.STATE_DIR_CONFIG,
                        stateDirs.resolve(applicationId + "-" + name).toString(),
                        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                        "100",
                        OrdersConfig.HTTP_PORT,
                        "0"))
                .with(Map.of(
                        OrdersConfig.INPUT_TOPIC, topicPrefix + "-orders",
                        OrdersConfig.STATUS_TOPIC, topicPrefix + "-status",
                        OrdersConfig.CUSTOMER_STATS_TOPIC, topicPrefix + "-stats",
                        OrdersConfig.DLQ_TOPIC, topicPrefix + "-dlq"))
                .with(overrides));
    }

    private static void produceOrders(String topicPrefix) {
        AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(1 << 20);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < ORDERS; i++) {
                String order = "o-" + i;
                for (OrderEvent event : new OrderEvent[] {
                    Events.placed(order, "c-1").item("sku-1", 1, "1.00").build(),
                    Events.paid(order, "c-1").at(Events.T0.plusSeconds(1)).build()
                }) {
                    producer.send(new ProducerRecord<>(
                            topicPrefix + "-orders", order.getBytes(UTF_8), serde.serialize("orders", event)));
                }
            }
            producer.flush();
        }
    }
}
