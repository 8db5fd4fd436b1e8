package io.orderseos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.HttpSecurityConfig;
import io.orderseos.http.HttpApi;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Http;
import io.orderseos.testing.JarProcess;
import io.orderseos.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as a process with HTTPS, client certificates and a token, configured through the
 * environment, logging at DEBUG for orders-eos and INFO for Kafka: neither the token, nor a wrong
 * token a client sent, nor a key store password appears in any log line or answer. A key store that
 * cannot be opened stops the start with exit 2, naming the key and not the password.
 */
class HttpSecretsProcessIT {
    private static final String TOKEN = "t0k3n-" + UUID.randomUUID();
    private static final String WRONG_TOKEN = "wr0ng-" + UUID.randomUUID();
    private static final String LOG_CONFIG =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Configuration status="WARN" shutdownHook="disable">
              <Appenders>
                <Console name="console" target="SYSTEM_OUT">
                  <PatternLayout pattern="%d{ISO8601} %-5level [%t] %c{1} - %msg%n"/>
                </Console>
              </Appenders>
              <Loggers>
                <Logger name="org.apache.kafka" level="INFO"/>
                <Logger name="io.orderseos" level="DEBUG"/>
                <Root level="INFO"><AppenderRef ref="console"/></Root>
              </Loggers>
            </Configuration>
            """;

    private static EmbeddedKafka kafka;
    private static TestCertificates authority;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        authority = TestCertificates.authority("ca");
        kafka = EmbeddedKafka.start();
        kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 2);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void secretsAppearInNoLogLineAndNoAnswer() throws Exception {
        int port = JarProcess.freePort();
        Path logConfig = Files.writeString(dir.resolve("log4j2-debug.xml"), LOG_CONFIG);
        JarProcess app = JarProcess.start(
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        kafka.bootstrapServers(),
                        "KAFKA_APPLICATION_ID",
                        "orders-eos-secrets",
                        "KAFKA_STATE_DIR",
                        dir.resolve("state").toString(),
                        "ORDERS_HTTP_PORT",
                        Integer.toString(port),
                        "ORDERS_HTTP_AUTH_TOKEN",
                        TOKEN,
                        "ORDERS_HTTP_TLS_KEYSTORE_LOCATION",
                        authority.keystore("instance").toString(),
                        "ORDERS_HTTP_TLS_KEYSTORE_PASSWORD",
                        TestCertificates.PASSWORD,
                        "ORDERS_HTTP_TLS_TRUSTSTORE_LOCATION",
                        authority.truststore().toString(),
                        "ORDERS_HTTP_TLS_TRUSTSTORE_PASSWORD",
                        TestCertificates.PASSWORD,
                        "ORDERS_HTTP_TLS_CLIENT_AUTH",
                        "required"),
                List.of("-Dlog4j2.configurationFile=" + logConfig),
                dir.resolve("app.log"));
        List<String> answers = new ArrayList<>();
        try {
            Http client = Http.https(port, TestCertificates.tlsContext(authority, authority.keystore("client")));
            Http http = client.withToken(TOKEN);
            Awaitility.await("ready")
                    .atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> http.get("/health/ready").status() == 200);
            for (Http caller : List.of(http, client, client.withToken(WRONG_TOKEN))) {
                for (String path : List.of(
                        "/health/ready", "/metrics", "/instances", "/orders/o-1", "/customers?limit=5", "/nope")) {
                    answers.add(caller.get(path).everything());
                }
            }
            answers.add(Http.https(port, TestCertificates.tlsContext(authority, null))
                    .withToken(TOKEN)
                    .get("/metrics")
                    .everything());
            assertThat(http.get(HttpApi.LIVENESS).status()).isEqualTo(200);
        } finally {
            app.process().destroy(); // SIGTERM: the clean close logs too
            assertThat(app.waitFor(Duration.ofSeconds(60))).isTrue();
        }
        String log = Files.readString(dir.resolve("app.log"), StandardCharsets.UTF_8);
        assertThat(log)
                .as("the log ran at DEBUG and saw the configuration and the server")
                .contains("Starting orders-eos with")
                .contains(HttpSecurityConfig.AUTH_TOKEN + "=[hidden]")
                .contains("HTTP API listening on")
                .contains("https, client certificates required, bearer token required");
        for (String secret : List.of(TOKEN, WRONG_TOKEN, TestCertificates.PASSWORD)) {
            assertThat(log).doesNotContain(secret);
            assertThat(answers).noneMatch(answer -> answer.contains(secret));
        }
    }

    @Test
    void aKeystoreThatCannotBeOpenedExitsTwoNamingTheKey() throws Exception {
        String wrong = "wr0ng-" + UUID.randomUUID();
        JarProcess app = JarProcess.start(
                Map.of(
                        "ORDERS_HTTP_TLS_KEYSTORE_LOCATION",
                        authority.keystore("instance").toString(),
                        "ORDERS_HTTP_TLS_KEYSTORE_PASSWORD",
                        wrong),
                List.of(),
                dir.resolve("app.log"));

        assertThat(app.waitFor(Duration.ofSeconds(60))).isTrue();
        assertThat(app.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("app.log"), StandardCharsets.UTF_8))
                .contains(HttpSecurityConfig.TLS_KEYSTORE_PASSWORD)
                .contains("wrong password")
                .doesNotContain(wrong);
    }
}
