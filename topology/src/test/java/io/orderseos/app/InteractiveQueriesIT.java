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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real instances of the app on one real broker, each with its own state directory and HTTP
 * port: every key is answered correctly by every instance (locally or forwarded to its owner); after
 * one instance stops, the survivor answers every key. In between, 503 with Retry-After is
 * acceptable; a wrong answer or a 500 is not.
 */
class InteractiveQueriesIT {
    private static final int ORDERS = 24;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDirs;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 4);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void everyInstanceAnswersEveryKeyBeforeAndAfterOneStops() throws Exception {
        OrdersApp first = instance("a");
        OrdersApp second = instance("b");
        try {
            first.start();
            second.start();
            Awaitility.await("both RUNNING")
                    .atMost(TIMEOUT)
                    .until(() -> first.streams().state() == KafkaStreams.State.RUNNING
                            && second.streams().state() == KafkaStreams.State.RUNNING);
            produceOrders();
            kafka.awaitConsumed("orders-eos-iq", "orders", TIMEOUT);

            Set<String> servers = new HashSet<>();
            for (OrdersApp app : List.of(first, second)) {
                Http http = new Http(app.httpPort());
                Awaitility.await("every order through port " + app.httpPort())
                        .atMost(TIMEOUT)
                        .until(() -> everyOrderAnswered(http, servers));
            }
            assertThat(servers)
                    .as("keys are served by both instances, so some answers were forwarded")
                    .containsExactlyInAnyOrder("localhost:" + first.httpPort(), "localhost:" + second.httpPort());
            assertThat(new Http(first.httpPort()).get("/instances").body())
                    .contains("localhost:" + first.httpPort())
                    .contains("localhost:" + second.httpPort());

            for (OrdersApp app : List.of(first, second)) {
                assertCustomerPages(new Http(app.httpPort()));
            }
            assertForwardedRequestsAreNeverForwardedAgain(first);

            second.close();

            Http survivor = new Http(first.httpPort());
            Set<String> after = new HashSet<>();
            Awaitility.await("every order from the survivor")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> everyOrderAnswered(survivor, after));
            assertThat(after).containsExactly("localhost:" + first.httpPort());
        } finally {
            first.close();
            second.close();
        }
    }

    /** A request already forwarded once, for a key this instance does not own, gets 503, not a hop. */
    private static void assertForwardedRequestsAreNeverForwardedAgain(OrdersApp app) throws Exception {
        Http http = new Http(app.httpPort());
        String self = "localhost:" + app.httpPort();
        for (int i = 0; i < ORDERS; i++) {
            if (!self.equals(http.get("/orders/o-" + i).header(HttpApi.SERVED_BY))) {
                Http.Response again = http.get("/orders/o-" + i, Map.of(HttpApi.FORWARDED_BY, "localhost:1"));
                assertThat(again.status()).as(again.toString()).isEqualTo(503);
                assertThat(again.header("Retry-After")).isEqualTo("1");
                return;
            }
        }
        throw new AssertionError("no order is owned by the other instance");
    }

    /** Two pages over three customers whose partitions are spread over both instances. */
    @SuppressWarnings("unchecked")
    private static void assertCustomerPages(Http http) throws Exception {
        Http.Response first = http.get("/customers?limit=2");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        List<Map<String, Object>> customers =
                (List<Map<String, Object>>) first.json().get("customers");
        assertThat(customers).extracting(c -> c.get("customerId")).containsExactly("c-0", "c-1");
        assertThat(customers).allSatisfy(c -> assertThat(c).containsEntry("ordersPlaced", 8));
        String next = (String) first.json().get("next");
        assertThat(next).isEqualTo("/customers?after=c-1&limit=2");

        Http.Response second = http.get(next);
        assertThat(second.status()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) second.json().get("customers"))
                .extracting(c -> c.get("customerId"))
                .containsExactly("c-2");
        assertThat(second.json().get("next")).isNull();

        assertThat(http.get("/customers?from=c-1&to=c-1")
                        .json()
                        .get("customers")
                        .toString())
                .contains("c-1")
                .doesNotContain("c-0")
                .doesNotContain("c-2");
        assertThat(http.get("/customers?limit=0").status()).isEqualTo(400);
    }

    /**
     * True when every order answers 200 with its own content; false while some answer 503; fails the
     * test on anything else.
     */
    private static boolean everyOrderAnswered(Http http, Set<String> servers) throws Exception {
        boolean all = true;
        List<String> served = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            Http.Response response = http.get("/orders/o-" + i);
            if (response.status() == 503) {
                assertThat(response.header("Retry-After")).isNotNull();
                all = false;
                continue;
            }
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json())
                    .containsEntry("orderId", "o-" + i)
                    .containsEntry("status", "PAID")
                    .containsEntry("amount", (i + 1) + ".00");
            served.add(response.header(HttpApi.SERVED_BY));
        }
        if (all) {
            servers.addAll(served);
        }
        return all;
    }

    private OrdersApp instance(String name) throws Exception {
        return new OrdersApp(OrdersConfig.of(Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "orders-eos-iq",
                StreamsConfig.STATE_DIR_CONFIG, stateDirs.resolve(name).toString(),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100",
                OrdersConfig.HTTP_PORT, "0")));
    }

    private static void produceOrders() {
        AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(1 << 20);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < ORDERS; i++) {
                String order = "o-" + i;
                String customer = "c-" + (i % 3);
                for (OrderEvent event : List.of(
                        Events.placed(order, customer)
                                .item("sku-1", 1, (i + 1) + ".00")
                                .build(),
                        Events.paid(order, customer)
                                .at(Events.T0.plusSeconds(1))
                                .build())) {
                    producer.send(
                            new ProducerRecord<>("orders", order.getBytes(UTF_8), serde.serialize("orders", event)));
                }
            }
            producer.flush();
        }
    }
}
