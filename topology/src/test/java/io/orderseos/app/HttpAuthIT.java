package io.orderseos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.HttpSecurityConfig;
import io.orderseos.http.HttpApi;
import io.orderseos.testing.AppGroup;
import io.orderseos.testing.Canary;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Http;
import io.orderseos.testing.PaidOrders;
import io.orderseos.testing.RawHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real instances protected by a bearer token, on one real broker: forwarding between them
 * carries the token, so every key is answered by both; without the token (or with a wrong one)
 * every endpoint but liveness answers 401; the token never appears in an answer; and nothing a
 * client sends chooses the host a request is forwarded to. A third test shows what a group member
 * advertising someone else's address gets: nothing relayed.
 */
class HttpAuthIT {
    private static final int ORDERS = 24;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOKEN = "t0k3n-" + UUID.randomUUID();
    private static final List<String> PROTECTED = List.of(
            "/health/ready",
            "/metrics",
            "/instances",
            "/customers",
            "/customers?limit=1",
            "/orders/o-1",
            "/customers/c-1",
            "/no/such/endpoint",
            "/health/live/",
            "/health/live/../../metrics",
            "//health/live",
            "/health/live%2F..%2Fmetrics");
    private static final Map<String, String> WITH_TOKEN = Map.of(HttpSecurityConfig.AUTH_TOKEN, TOKEN);

    @TempDir
    static Path stateDirs;

    private static EmbeddedKafka kafka;
    private static AppGroup group;
    private static OrdersApp first;
    private static OrdersApp second;

    @BeforeAll
    static void startCluster() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 4);
        group = AppGroup.start(kafka, stateDirs, "orders-eos-auth", null, WITH_TOKEN, List.of(Map.of(), Map.of()));
        first = group.get(0);
        second = group.get(1);
        group.loadPaidOrders(ORDERS, 3);
    }

    @AfterAll
    static void stopCluster() {
        if (group != null) {
            group.close();
        }
        kafka.close();
    }

    @Test
    void forwardingCarriesTheTokenSoEveryInstanceAnswersEveryKey() throws Exception {
        group.assertEveryInstanceAnswersEveryOrder(app -> new Http(app.httpPort()).withToken(TOKEN), ORDERS);
    }

    @Test
    void everyEndpointButLivenessRefusesAMissingOrWrongToken() throws Exception {
        Http anonymous = new Http(first.httpPort());
        Http wrong = anonymous.withToken(TOKEN + "x");
        Http right = anonymous.withToken(TOKEN);

        assertThat(anonymous.get(HttpApi.LIVENESS).status()).isEqualTo(200);
        for (String path : PROTECTED) {
            Http.Response missing = anonymous.get(path);
            assertThat(missing.status()).as(path).isEqualTo(401);
            assertThat(missing.header("WWW-Authenticate")).as(path).isEqualTo("Bearer realm=\"orders-eos\"");
            Http.Response refused = wrong.get(path);
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
            assertThat(anonymous
                            .get(path, Map.of(HttpApi.FORWARDED_BY, AppGroup.self(second)))
                            .status())
                    .as("a forged hop header is no credential: " + path)
                    .isEqualTo(401);
        }
        for (String notBearer : List.of("Basic " + TOKEN, TOKEN, "Bearer", "Bearer " + TOKEN.substring(1))) {
            assertThat(anonymous
                            .get("/metrics", Map.of("Authorization", notBearer))
                            .status())
                    .as(notBearer)
                    .isEqualTo(401);
        }
        assertThat(anonymous.get("/metrics?access_token=" + TOKEN).status())
                .as("only the header carries the token")
                .isEqualTo(401);
        assertThat(anonymous
                        .get("/metrics", Map.of("Authorization", "bearer  " + TOKEN))
                        .status())
                .as("the scheme is case-insensitive")
                .isEqualTo(200);
        assertThat(RawHttp.status(RawHttp.get(
                        first.httpPort(),
                        "/metrics",
                        "Authorization: Bearer " + TOKEN + "\r\nAuthorization: Bearer wrong\r\n")))
                .as("two Authorization headers")
                .isEqualTo(401);
        assertThat(right.get("/metrics").body())
                .containsPattern("(?m)^orders_http_rejected_total\\{reason=\"unauthorized\"} [1-9]");
    }

    @Test
    void theTokenNeverAppearsInAnAnswer() throws Exception {
        List<String> answers = new ArrayList<>();
        for (OrdersApp app : List.of(first, second)) {
            Http anonymous = new Http(app.httpPort());
            for (Http http : List.of(anonymous, anonymous.withToken(TOKEN), anonymous.withToken(TOKEN + "x"))) {
                for (String path : PROTECTED) {
                    answers.add(http.get(path).everything());
                }
                for (int i = 0; i < ORDERS; i++) {
                    answers.add(http.get("/orders/o-" + i).everything());
                }
            }
        }
        assertThat(answers).hasSize(2 * 3 * (PROTECTED.size() + ORDERS)).noneMatch(answer -> answer.contains(TOKEN));
    }

    /**
     * A request for a key another instance owns goes to that owner, as the group's metadata names it,
     * whatever the request says: Host header, absolute target, forwarding headers, a forged hop
     * header, encoded slashes and authorities. A canary listener on loopback sees none of it.
     */
    @Test
    void clientInputNeverChoosesWhereARequestIsForwarded() throws Exception {
        try (Canary canary = Canary.start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            String elsewhere = "127.0.0.1:" + canary.port();
            String key = keyOwnedBy(second);
            String auth = "Authorization: Bearer " + TOKEN + "\r\nConnection: close\r\n";
            List<String> viaTheOwner = List.of(
                    "GET /orders/" + key + " HTTP/1.1\r\nHost: " + elsewhere + "\r\n" + auth + "\r\n",
                    "GET http://" + elsewhere + "/orders/" + key + " HTTP/1.1\r\nHost: " + elsewhere + "\r\n" + auth
                            + "\r\n",
                    "GET //" + elsewhere + "/orders/" + key + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n",
                    "GET /orders/" + key + " HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Host: " + elsewhere
                            + "\r\nForwarded: host=" + elsewhere + "\r\nX-Forwarded-For: " + elsewhere + "\r\n" + auth
                            + "\r\n");
            for (String request : viaTheOwner) {
                String answer = RawHttp.exchange(first.httpPort(), request);
                assertThat(RawHttp.status(answer)).as(request).isEqualTo(200);
                assertThat(answer).containsIgnoringCase(HttpApi.SERVED_BY + ": " + AppGroup.self(second));
                assertThat(answer).contains("\"orderId\":\"" + key + "\"");
            }
            String forged = RawHttp.get(
                    first.httpPort(), "/orders/" + key, auth + HttpApi.FORWARDED_BY + ": " + elsewhere + "\r\n");
            assertThat(RawHttp.status(forged))
                    .as("a forged hop header only stops the hop")
                    .isEqualTo(503);

            Http http = new Http(first.httpPort()).withToken(TOKEN);
            assertThat(http.get("/orders/%2F%2F" + elsewhere + "%2Fx").status()).isEqualTo(400);
            assertThat(http.get("/orders/%40" + elsewhere).status())
                    .as("an id like any other")
                    .isEqualTo(404);
            Http.Response page = http.get("/customers?limit=1&to=http%3A%2F%2F" + elsewhere + "%2F");
            assertThat(page.status()).isEqualTo(200);
            assertThat((String) page.json().get("next")).startsWith("/customers?after=");

            assertThat(canary.connections()).as("connections to the canary").isZero();
        }
    }

    /**
     * A group member advertising an address that is not its own (here a canary standing for an
     * internal service) makes the others forward its keys there: they relay nothing that is not an
     * orders-eos instance answering as that owner, and say 503 instead. The members of a group are
     * trusted (joining it takes the Kafka credentials); this is the second line.
     */
    @Test
    void whatAMemberAdvertisingAnotherServerAnswersIsNeverRelayed() throws Exception {
        String fake = "{\"orderId\":\"o-0\",\"status\":\"FROM-ELSEWHERE\"}";
        try (Canary canary = Canary.start("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + fake.length() + "\r\n\r\n" + fake);
                AppGroup rogueGroup = AppGroup.start(
                        kafka,
                        stateDirs,
                        "orders-eos-auth-rogue",
                        "rogue",
                        WITH_TOKEN,
                        List.of(
                                Map.of(),
                                Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + canary.port())))) {
            OrdersApp honest = rogueGroup.get(0);
            rogueGroup.loadPaidOrders(ORDERS, 3);

            Http http = new Http(honest.httpPort()).withToken(TOKEN);
            Awaitility.await("the rogue's keys asked of the address it advertises")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        PaidOrders.assertServedOnlyBy(http, ORDERS, AppGroup.self(honest));
                        return canary.connections() > 0;
                    });
            PaidOrders.assertServedOnlyBy(http, ORDERS, AppGroup.self(honest));
        }
    }

    /** An order the instance {@code owner} serves when asked through the other one. */
    private static String keyOwnedBy(OrdersApp owner) throws Exception {
        OrdersApp other = owner == first ? second : first;
        Http http = new Http(other.httpPort()).withToken(TOKEN);
        for (int i = 0; i < ORDERS; i++) {
            if (AppGroup.self(owner).equals(http.get("/orders/o-" + i).header(HttpApi.SERVED_BY))) {
                return "o-" + i;
            }
        }
        throw new AssertionError("no order is served by " + AppGroup.self(owner));
    }
}
