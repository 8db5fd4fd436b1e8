package io.orderseos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.testing.AppJar;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Http;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jar as a real process, configured only through the environment, as a container
 * runs it: it becomes ready, and SIGTERM closes it cleanly within the bound; bad configuration
 * exits 2 naming the key.
 */
class AppProcessIT {
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 2);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void jarBecomesReadyAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Process app = start(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "KAFKA_APPLICATION_ID", "orders-eos-process",
                "KAFKA_STATE_DIR", dir.resolve("state").toString(),
                "ORDERS_HTTP_PORT", Integer.toString(port)));
        try {
            Http http = new Http(port);
            Awaitility.await("ready")
                    .atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> http.get("/health/ready").status() == 200);

            app.destroy(); // SIGTERM
            assertThat(app.waitFor(OrdersApp.CLOSE_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS))
                    .as("closed within the bound")
                    .isTrue();
            assertThat(app.exitValue()).isEqualTo(143);
            assertThat(log()).contains("Kafka Streams state PENDING_SHUTDOWN -> NOT_RUNNING");
        } finally {
            app.destroyForcibly();
        }
    }

    @Test
    void badConfigurationExitsTwoNamingTheKey() throws Exception {
        Process app = start(Map.of("ORDERS_DEDUP_WINDOW", "a week"));

        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(app.exitValue()).isEqualTo(2);
        assertThat(log()).contains("orders.dedup.window").contains("ISO-8601");
    }

    private Process start(Map<String, String> env) throws IOException {
        return AppJar.start(env, List.of(), dir.resolve("app.log"));
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("app.log"), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
