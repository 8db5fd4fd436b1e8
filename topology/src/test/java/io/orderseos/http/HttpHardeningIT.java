package io.orderseos.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.HttpSecurityConfig;
import io.orderseos.config.OrdersConfig;
import io.orderseos.metrics.AppMeters;
import io.orderseos.query.StateQueries;
import io.orderseos.testing.Http;
import io.orderseos.testing.RawHttp;
import io.orderseos.testing.UnconnectedStreams;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile clients against the real HTTP server on loopback, with its production bounds ({@link
 * ServerLimits}, {@link HttpExecutor}): oversized and malformed requests, slow and silent clients, a
 * saturated pool, a connection flood. Every endpoint is served by a real, not started, Kafka Streams
 * instance (its queries answer 503): the bounds are the server's, no broker is needed.
 */
class HttpHardeningIT {
    private static final long MAX_REQUEST_SECONDS =
            Long.parseLong(ServerLimits.DEFAULTS.get("sun.net.httpserver.maxReqTime"));
    private static final int MAX_CONNECTIONS =
            Integer.parseInt(ServerLimits.DEFAULTS.get("jdk.httpserver.maxConnections"));

    @TempDir
    Path stateDir;

    private KafkaStreams streams;
    private HttpApi api;
    private AppMeters meters;
    private int port;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        OrdersConfig config = UnconnectedStreams.config(stateDir);
        streams = UnconnectedStreams.create(config);
        api = new HttpApi(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Duration.ofSeconds(2),
                HttpSecurityConfig.none());
        port = api.port();
        meters = new AppMeters();
        meters.bind(streams);
        api.start(
                streams,
                new StateQueries(streams, new HostInfo("localhost", port), config, partition -> OptionalLong.empty()),
                meters);
    }

    @AfterEach
    void stopServer() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed by the server
            }
        }
        api.close();
        meters.close();
        streams.close();
        // Each test counts the server threads of the JVM: the last test's must be gone.
        Awaitility.await("HTTP threads of this test gone")
                .atMost(Duration.ofSeconds(30))
                .until(() -> httpThreads() == 0);
    }

    @Test
    void theServerRunsWithItsBounds() {
        ServerLimits.DEFAULTS.forEach((property, value) ->
                assertThat(System.getProperty(property)).as(property).isEqualTo(value));
    }

    @Test
    void anOversizedRequestLineIsClosedWithoutAnAnswer() throws Exception {
        String answer = RawHttp.get(port, "/orders/" + "a".repeat(20_000), "");

        assertThat(answer).isEmpty();
        assertServing();
    }

    @Test
    void oversizedHeadersAreClosedWithoutAnAnswer() throws Exception {
        assertThat(RawHttp.get(port, "/health/live", "X-Big: " + "b".repeat(20_000) + "\r\n"))
                .isEmpty();
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        assertThat(RawHttp.get(port, "/health/live", many.toString()))
                .as("more than 100 headers")
                .isEmpty();
        assertServing();
    }

    @Test
    void anIdLongerThanTheContractAllowsIs400() throws Exception {
        Http http = new Http(port);

        assertThat(http.get("/orders/" + "a".repeat(257)).status()).isEqualTo(400);
        assertThat(http.get("/customers/" + "%C3%A9".repeat(257)).status()).isEqualTo(400);
    }

    @Test
    void rangeBoundsAreCapped() throws Exception {
        Http http = new Http(port);

        for (String bound : List.of("from", "to", "after")) {
            Http.Response answer = http.get("/customers?" + bound + "=" + "c".repeat(257));
            assertThat(answer.status()).as(bound).isEqualTo(400);
            assertThat(answer.body()).contains(bound);
        }
        assertThat(http.get("/customers?limit=many").status()).isEqualTo(400);
        assertThat(http.get("/customers?limit=-1").status()).isEqualTo(400);
    }

    @Test
    void malformedPercentEncodingIs400NotAFailure() throws Exception {
        // Java's client refuses to send these. The JDK server's URI parser refuses most itself, the
        // handler's own decoding the rest: 400 either way, never a 500 with a stack trace in the log.
        for (String target : List.of("/orders/%zz", "/customers/abc%E", "/customers?from=%G1", "/customers?to=%")) {
            assertThat(RawHttp.status(RawHttp.get(port, target, ""))).as(target).isEqualTo(400);
        }
    }

    @Test
    void oddRequestTargetsAreRefusedNotFailed() throws Exception {
        for (String target : List.of("*", "mailto:someone", "http:opaque", "/orders/", "/orders")) {
            int status = RawHttp.status(RawHttp.get(port, target, ""));
            assertThat(status).as(target).isNotEqualTo(200).isLessThan(500);
        }
        assertServing();
    }

    @Test
    void onlyGetIsServed() throws Exception {
        String answer = RawHttp.exchange(
                port,
                "POST /orders/o-1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");

        assertThat(RawHttp.status(answer)).isEqualTo(405);
        assertThat(answer).containsIgnoringCase("Allow: GET");
    }

    /** Slowloris: a request that never ends holds a thread only until the request time limit. */
    @Test
    void slowAndSilentClientsAreCutOff() throws Exception {
        Socket slow = open();
        slow.getOutputStream()
                .write("GET /health/ready HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        Socket silent = open();
        long start = System.nanoTime();

        assertServing();
        awaitClosedByServer(slow, Duration.ofSeconds(MAX_REQUEST_SECONDS + 10));
        long slowSeconds = elapsedSeconds(start);
        // A connection that sends nothing is reaped by the idle task, which runs every 10 s.
        awaitClosedByServer(silent, Duration.ofSeconds(MAX_REQUEST_SECONDS + 25));

        assertThat(slowSeconds).isBetween(MAX_REQUEST_SECONDS - 1, MAX_REQUEST_SECONDS + 5);
    }

    /**
     * Every worker held by a slow request and the queue full: new requests get 503 with Retry-After at
     * once from the overflow lane, liveness still 200; once the slow requests are cut off, normal
     * answers return. The threads stay bounded throughout.
     */
    @Test
    void aSaturatedServerAnswers503AtOnceAndKeepsLivenessUp() throws Exception {
        for (int i = 0; i < HttpExecutor.WORKERS + HttpExecutor.QUEUE; i++) {
            Socket slow = open();
            slow.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        // Until the last slow request is queued, a probe may itself queue behind them; it gives up
        // after a second and the next one tries (each such probe also takes a queue slot).
        Awaitility.await("503 from the overflow lane")
                .atMost(Duration.ofSeconds(MAX_REQUEST_SECONDS - 2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> RawHttp.status(probe("/health/ready")) == 503);

        long start = System.nanoTime();
        String busy = probe("/orders/o-1");
        assertThat(RawHttp.status(busy)).isEqualTo(503);
        assertThat(busy).containsIgnoringCase("Retry-After: 1").contains("busy");
        assertThat(RawHttp.status(probe(HttpApi.LIVENESS))).isEqualTo(200);
        assertThat(elapsedSeconds(start)).as("answered at once").isLessThan(2);
        assertThat(httpThreads()).isLessThanOrEqualTo(HttpExecutor.WORKERS + HttpExecutor.BUSY_WORKERS);

        Http http = new Http(port);
        Awaitility.await("normal answers after the slow requests are cut off")
                .atMost(Duration.ofSeconds(MAX_REQUEST_SECONDS + 20))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> http.get("/metrics").status() == 200);
        assertThat(http.get("/metrics").body())
                .containsPattern("(?m)^orders_http_rejected_total\\{reason=\"busy\"} [1-9]");
    }

    /** Connections beyond the limit are closed as they come; silent ones cost no thread. */
    @Test
    void aConnectionFloodIsBounded() throws Exception {
        int flood = MAX_CONNECTIONS + 88;
        for (int i = 0; i < flood; i++) {
            open();
        }
        Awaitility.await("the connections beyond the limit closed")
                .atMost(Duration.ofSeconds(5))
                .until(() -> closedByServer() == flood - MAX_CONNECTIONS);
        assertThat(httpThreads()).isLessThanOrEqualTo(HttpExecutor.WORKERS + HttpExecutor.BUSY_WORKERS);

        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
        Http http = new Http(port);
        Awaitility.await("serving again once the flood is gone")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> http.get(HttpApi.LIVENESS).status() == 200);
    }

    private String probe(String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException | SocketException e) {
            return "";
        }
    }

    private void assertServing() throws Exception {
        assertThat(new Http(port).get(HttpApi.LIVENESS).status()).isEqualTo(200);
    }

    private Socket open() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(socket);
        return socket;
    }

    /** How many of the open sockets the server has closed (end of stream or reset, seen without waiting). */
    private long closedByServer() throws IOException {
        long closed = 0;
        for (Socket socket : sockets) {
            socket.setSoTimeout(1);
            try {
                if (socket.getInputStream().read() < 0) {
                    closed++;
                }
            } catch (SocketTimeoutException open) {
                // nothing to read: still open
            } catch (SocketException reset) {
                closed++;
            }
        }
        return closed;
    }

    private static void awaitClosedByServer(Socket socket, Duration atMost) throws IOException {
        socket.setSoTimeout((int) atMost.toMillis());
        InputStream in = socket.getInputStream();
        try {
            assertThat(in.read()).as("closed without an answer").isEqualTo(-1);
        } catch (SocketException reset) {
            // closed with a reset: closed all the same
        }
    }

    private static long httpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("orders-http"))
                .count();
    }

    private static long elapsedSeconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }
}
