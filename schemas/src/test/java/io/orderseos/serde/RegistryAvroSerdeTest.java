package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.orderseos.schemas.OrderEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The registry serde's own checks and its fault classification, on real loopback sockets: bad bytes
 * are {@link SerializationException}s decided without asking the registry; a registry that refuses
 * connections, answers 5xx or never answers is a {@link RegistryUnavailableException} within the
 * budget; a 404 for the schema id is bad data. (The real registry: {@code RegistryModeIT}.)
 */
class RegistryAvroSerdeTest {
    private static final Duration BUDGET = Duration.ofSeconds(1);

    @Test
    void badBytesAreRejectedWithoutAskingTheRegistry() throws IOException {
        try (RegistryAvroSerde<OrderEvent> serde = serde(closedPort())) {
            assertThat(serde.deserialize("orders", null)).isNull();
            assertThatThrownBy(() -> serde.deserialize("orders", new byte[0]))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessage("empty value: expected a OrderEvent in the registry's wire format");
            assertThatThrownBy(() -> serde.deserialize("orders", new byte[1025]))
                    .isInstanceOf(OversizeValueException.class);
            byte[] singleObject = AvroSerde.orderEvents(1024).serialize("orders", event());
            assertThatThrownBy(() -> serde.deserialize("orders", singleObject))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessage("not the registry's wire format: expected magic byte 00 and a 4-byte schema id, "
                            + "got " + singleObject.length + " bytes starting c301");
            assertThatThrownBy(() -> serde.deserialize("orders", new byte[] {0, 0, 0, 1}))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("got 4 bytes");
            assertThatThrownBy(() -> serde.deserialize("orders", header(0)))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessage("schema id 0 is not an id the registry gives out");
            assertThatThrownBy(() -> serde.deserialize("orders", header(-5)))
                    .isExactlyInstanceOf(SerializationException.class);
        }
    }

    @Test
    void aRegistryRefusingConnectionsIsUnavailableNotBadData() throws IOException {
        int port = closedPort();
        // A generous budget, so that even a slow first call (a cold HTTP client) has failed once in it.
        Duration budget = Duration.ofSeconds(6);
        try (RegistryAvroSerde<OrderEvent> serde = serde(port, budget)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> serde.deserialize("orders", header(7)))
                    .isExactlyInstanceOf(RegistryUnavailableException.class)
                    .hasMessageStartingWith("the schema registry at http://127.0.0.1:" + port
                            + "/apis/registry/v3 gave no answer for schema id 7 within 6000 ms")
                    .hasMessageContaining("Connection refused");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(budget.plusSeconds(2));
        }
        try (RegistryAvroSerde<OrderEvent> serde = serde(port, BUDGET)) {
            assertThatThrownBy(() -> serde.resolve("order-status", BUDGET))
                    .isExactlyInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("the schema of OrderEvent for topic order-status");
            assertThatThrownBy(() -> serde.serialize("orders", event()))
                    .isExactlyInstanceOf(RegistryUnavailableException.class);
        }
    }

    @Test
    void aRegistryThatNeverAnswersIsUnavailableWithinTheBudget() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                RegistryAvroSerde<OrderEvent> serde = serde(silent.getLocalPort())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never answer
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (int id = 1; id <= RegistryCalls.MAX_IN_FLIGHT + 1; id++) {
                long started = System.nanoTime();
                int schemaId = id;
                assertThatThrownBy(() -> serde.deserialize("orders", header(schemaId)))
                        .isExactlyInstanceOf(RegistryUnavailableException.class)
                        .hasMessageContaining("gave no answer for schema id " + id + " within 1000 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("the wait for schema id %d is bounded, however many calls hang", id)
                        .isLessThan(BUDGET.plusSeconds(2));
            }
        }
    }

    @Test
    void aServerErrorIsUnavailableAndA404IsAnUnknownSchema() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int status = exchange.getRequestURI().getPath().endsWith("/404") ? 404 : 503;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try (RegistryAvroSerde<OrderEvent> serde = serde(server.getAddress().getPort(), Duration.ofSeconds(4))) {
            assertThatThrownBy(() -> serde.deserialize("orders", header(7)))
                    .isExactlyInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 503");
            assertThatThrownBy(() -> serde.deserialize("orders", header(404)))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("unknown schema id 404: the schema registry at");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theWireFormatSettingsAreFixedAndTheRestOverridable() {
        Map<String, Object> defaults =
                RegistryAvroSerde.clientConfig(Map.of(RegistryAvroSerde.REGISTRY_URL, "http://r"));
        assertThat(defaults)
                .containsEntry("apicurio.registry.dereference-schema", "true")
                .containsEntry("apicurio.registry.headers.enabled", "false")
                .containsEntry("apicurio.registry.auto-register", "true")
                .containsEntry("apicurio.registry.fault-tolerant-refresh", "true");
        Map<String, Object> explicit = RegistryAvroSerde.clientConfig(Map.of(
                RegistryAvroSerde.REGISTRY_URL,
                "http://r",
                "apicurio.registry.auto-register",
                "false",
                "apicurio.registry.dereference-schema",
                "false",
                "apicurio.registry.auth.username",
                "orders"));
        assertThat(explicit)
                .containsEntry("apicurio.registry.auto-register", "false")
                .containsEntry("apicurio.registry.dereference-schema", "true")
                .containsEntry("apicurio.registry.auth.username", "orders");
        assertThatThrownBy(() -> RegistryAvroSerde.clientConfig(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apicurio.registry.url is required");
        assertThatThrownBy(() -> RegistryAvroSerde.orderEvents(
                        Map.of(RegistryAvroSerde.REGISTRY_URL, "http://r", "apicurio.registry.auth.username", "orders"),
                        1024,
                        BUDGET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the schema registry client's settings (apicurio.*) are not usable")
                .hasMessageContaining("apicurio.registry.auth.password");
    }

    private static RegistryAvroSerde<OrderEvent> serde(int port) {
        return serde(port, BUDGET);
    }

    private static RegistryAvroSerde<OrderEvent> serde(int port, Duration budget) {
        return new RegistryAvroSerde<>(
                OrderEvent.class,
                OrderEvent.getClassSchema(),
                Map.of(RegistryAvroSerde.REGISTRY_URL, "http://127.0.0.1:" + port + "/apis/registry/v3"),
                1024,
                budget);
    }

    private static byte[] header(int id) {
        return ByteBuffer.allocate(8)
                .put(RegistryAvroSerde.MAGIC_BYTE)
                .putInt(id)
                .array();
    }

    private static OrderEvent event() {
        return OrderEvent.newBuilder()
                .setEventId("e-1")
                .setOrderId("o-1")
                .setCustomerId("c-1")
                .setType(io.orderseos.schemas.OrderEventType.PAID)
                .setOccurredAt(java.time.Instant.parse("2026-01-01T00:00:00Z"))
                .build();
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
