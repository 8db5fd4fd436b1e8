package io.orderseos.ops.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.app.OrdersApp;
import io.orderseos.config.OrdersConfig;
import io.orderseos.testing.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A broker and a running app in the test JVM, and the verifier run against them: what the
 * verifier's integration tests share. Each test gives its own settings and input.
 */
final class AppUnderVerification implements AutoCloseable {
    final EmbeddedKafka kafka;
    final OrdersConfig config;
    final OrdersApp app;

    private AppUnderVerification(EmbeddedKafka kafka, OrdersConfig config, OrdersApp app) {
        this.kafka = kafka;
        this.config = config;
        this.app = app;
    }

    /**
     * Starts a broker with the app's four topics of {@code partitions} partitions and the app on
     * them, its HTTP API on a free port, committing every 100 ms.
     *
     * @param settings app settings beyond these
     */
    static AppUnderVerification start(Path dir, String applicationId, int partitions, Map<String, String> settings)
            throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", partitions);
        Map<String, String> config = new HashMap<>(settings);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createDirectories(dir.resolve("state")).toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        config.put(OrdersConfig.HTTP_PORT, "0");
        OrdersConfig app = OrdersConfig.of(config);
        OrdersApp orders = new OrdersApp(app);
        orders.start();
        return new AppUnderVerification(kafka, app, orders);
    }

    /** The app's HTTP address. */
    String http() {
        return "localhost:" + app.httpPort();
    }

    /** The verifier's output, asking {@code http} instances; it passed if and only if it says PASSED. */
    String verify(List<String> http) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, UTF_8);
        Map<String, Object> client = Map.of("bootstrap.servers", kafka.bootstrapServers());
        Verifier.Settings settings = new Verifier.Settings(client, config, http, 0, Duration.ofSeconds(60), false, 20);
        boolean passed = new Verifier(settings, out).verify();
        String output = captured.toString(UTF_8);
        assertThat(passed).as(output).isEqualTo(output.contains("PASSED"));
        return output;
    }

    @Override
    public void close() {
        app.close();
        kafka.close();
    }
}
