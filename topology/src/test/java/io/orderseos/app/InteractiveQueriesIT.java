package io.orderseos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.http.HttpApi;
import io.orderseos.testing.AppGroup;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Http;
import io.orderseos.testing.PaidOrders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        try (AppGroup group =
                AppGroup.start(kafka, stateDirs, "orders-eos-iq", null, Map.of(), List.of(Map.of(), Map.of()))) {
            OrdersApp first = group.get(0);
            OrdersApp second = group.get(1);
            group.loadPaidOrders(ORDERS, 3);

            group.assertEveryInstanceAnswersEveryOrder(app -> new Http(app.httpPort()), ORDERS);
            assertThat(new Http(first.httpPort()).get("/instances").body())
                    .contains(AppGroup.self(first))
                    .contains(AppGroup.self(second));
            assertForwardedRequestsAreNeverForwardedAgain(first);

            second.close();

            Http survivor = new Http(first.httpPort());
            Set<String> after = new HashSet<>();
            Awaitility.await("every order from the survivor")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> PaidOrders.allAnswered(survivor, ORDERS, after));
            assertThat(after).containsExactly(AppGroup.self(first));
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
}
