package io.orderseos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Http;
import io.orderseos.testing.JarProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
        int port = JarProcess.freePort();
        JarProcess app = start(Map.of(
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

            app.process().destroy(); // SIGTERM
            assertThat(app.waitFor(OrdersApp.CLOSE_TIMEOUT.plusSeconds(10)))
                    .as("closed within the bound")
                    .isTrue();
            assertThat(app.exitValue()).isEqualTo(143);
            assertThat(app.log()).contains("Kafka Streams closed cleanly (NOT_RUNNING)");
        } finally {
            app.close();
        }
    }

    @Test
    void badConfigurationExitsTwoNamingTheKey() throws Exception {
        try (JarProcess app = start(Map.of("ORDERS_DEDUP_WINDOW", "a week"))) {
            assertThat(app.waitFor(Duration.ofSeconds(60))).isTrue();
            assertThat(app.exitValue()).isEqualTo(2);
            assertThat(app.log()).contains("orders.dedup.window").contains("ISO-8601");
        }
    }

    private JarProcess start(Map<String, String> env) throws IOException {
        return JarProcess.start(env, dir.resolve("app.log"));
    }
}
