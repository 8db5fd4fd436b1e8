package io.orderseos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.config.HttpSecurityConfig;
import io.orderseos.http.HttpApi;
import io.orderseos.testing.AppGroup;
import io.orderseos.testing.Canary;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Http;
import io.orderseos.testing.PaidOrders;
import io.orderseos.testing.RawHttp;
import io.orderseos.testing.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real instances serving HTTPS, with a certificate from a test authority, requiring
 * a client certificate from that authority and a bearer token: forwarding between them presents
 * both; a client without a certificate reaches liveness only; a certificate from another authority,
 * plain HTTP, and a client that does not trust the server all get nothing. A group member
 * advertising a server the truststore does not vouch for never receives the token.
 */
class HttpTlsIT {
    private static final int ORDERS = 24;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOKEN = "t0k3n-" + UUID.randomUUID();

    @TempDir
    static Path dir;

    private static TestCertificates authority;
    private static TestCertificates otherAuthority;
    /** The instances' certificate (keytool is slow: one for all, though each could have its own). */
    private static Path instanceKeystore;

    private static SSLContext withCertificate;
    private static SSLContext withoutCertificate;
    private static SSLContext otherAuthoritysCertificate;
    private static EmbeddedKafka kafka;
    private static AppGroup group;
    private static OrdersApp first;
    private static OrdersApp second;

    @BeforeAll
    static void startCluster() throws Exception {
        authority = TestCertificates.authority("ca");
        withCertificate = TestCertificates.tlsContext(authority, authority.keystore("client"));
        withoutCertificate = TestCertificates.tlsContext(authority, null);
        instanceKeystore = authority.keystore("instance");
        otherAuthority = TestCertificates.authority("other-ca");
        otherAuthoritysCertificate = TestCertificates.tlsContext(authority, otherAuthority.keystore("intruder"));

        kafka = EmbeddedKafka.start();
        kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 4);
        group = AppGroup.start(kafka, dir, "orders-eos-tls", null, secured(), List.of(Map.of(), Map.of()));
        first = group.get(0);
        second = group.get(1);
        group.loadPaidOrders(ORDERS, 3);
    }

    @AfterAll
    static void stopCluster() {
        if (group != null) {
            group.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void forwardingPresentsTheCertificateAndTokenSoEveryInstanceAnswersEveryKey() throws Exception {
        group.assertEveryInstanceAnswersEveryOrder(
                app -> Http.https(app.httpPort(), withCertificate).withToken(TOKEN), ORDERS);
    }

    @Test
    void withoutAClientCertificateOnlyLivenessAnswers() throws Exception {
        Http http = Http.https(first.httpPort(), withoutCertificate).withToken(TOKEN);

        assertThat(http.get(HttpApi.LIVENESS).status()).isEqualTo(200);
        for (String path : List.of("/health/ready", "/metrics", "/instances", "/customers", "/orders/o-1")) {
            Http.Response answer = http.get(path);
            assertThat(answer.status()).as(path).isEqualTo(403);
            assertThat(answer.body()).contains("client certificate");
        }
    }

    @Test
    void aCertificateWithoutTheTokenIsNotEnough() throws Exception {
        Http http = Http.https(first.httpPort(), withCertificate);

        assertThat(http.get("/orders/o-1").status()).isEqualTo(401);
        assertThat(http.withToken(TOKEN).get("/orders/o-1").status()).isEqualTo(200);
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefused() throws Exception {
        Http http = Http.https(first.httpPort(), otherAuthoritysCertificate).withToken(TOKEN);
        // Either the handshake fails on the untrusted certificate, or the client, seeing which
        // authorities the server accepts, presents none: refused either way.
        int status;
        try {
            status = http.get("/metrics").status();
        } catch (IOException handshakeFailed) {
            status = -1;
        }
        assertThat(status).isIn(-1, 403);
    }

    @Test
    void plainHttpGetsNoAnswer() throws Exception {
        assertThat(RawHttp.get(first.httpPort(), HttpApi.LIVENESS, "")).doesNotStartWith("HTTP/");
    }

    /** A TLS handshake counts as part of the request: one that never finishes holds a thread only 10 s. */
    @Test
    void aHandshakeThatNeverFinishesIsCutOff() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), first.httpPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(0x16); // the first byte of a handshake record, and nothing more
            long start = System.nanoTime();
            try {
                socket.getInputStream().readAllBytes();
            } catch (SocketException reset) {
                // closed with a reset: closed all the same
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start).toSeconds()).isBetween(9L, 15L);
        }
    }

    @Test
    void aClientThatDoesNotKnowTheAuthorityRefusesTheServer() throws Exception {
        Http http = Http.https(first.httpPort(), TestCertificates.tlsContext(null, null));

        assertThatThrownBy(() -> http.get(HttpApi.LIVENESS)).isInstanceOf(IOException.class);
    }

    /**
     * A member advertising a TLS server whose certificate the truststore does not vouch for (here a
     * canary with a certificate from another authority): the other instances' forwards fail the
     * handshake before any request is sent, so it never learns the token, and nothing is relayed.
     */
    @Test
    void aServerTheTruststoreDoesNotVouchForNeverSeesTheToken() throws Exception {
        SSLContext rogueServer = TestCertificates.tlsContext(null, otherAuthority.keystore("rogue"));
        try (Canary canary =
                        Canary.startTls("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}", rogueServer);
                AppGroup rogueGroup = AppGroup.start(
                        kafka,
                        dir,
                        "orders-eos-tls-rogue",
                        "rogue",
                        secured(),
                        List.of(
                                Map.of(),
                                Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + canary.port())))) {
            OrdersApp honest = rogueGroup.get(0);
            rogueGroup.loadPaidOrders(ORDERS, 3);

            Http http = Http.https(honest.httpPort(), withCertificate).withToken(TOKEN);
            Awaitility.await("the rogue's keys asked of the address it advertises")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        PaidOrders.assertServedOnlyBy(http, ORDERS, AppGroup.self(honest));
                        return canary.connections() > 0;
                    });
            assertThat(canary.received()).doesNotContain(TOKEN).doesNotContain("GET ");
        }
    }

    /** HTTPS with the instances' certificate, client certificates and the token required. */
    private static Map<String, String> secured() {
        return Map.of(
                HttpSecurityConfig.TLS_KEYSTORE_LOCATION,
                instanceKeystore.toString(),
                HttpSecurityConfig.TLS_KEYSTORE_PASSWORD,
                TestCertificates.PASSWORD,
                HttpSecurityConfig.TLS_TRUSTSTORE_LOCATION,
                authority.truststore().toString(),
                HttpSecurityConfig.TLS_TRUSTSTORE_PASSWORD,
                TestCertificates.PASSWORD,
                HttpSecurityConfig.TLS_CLIENT_AUTH,
                "required",
                HttpSecurityConfig.AUTH_TOKEN,
                TOKEN);
    }
}
