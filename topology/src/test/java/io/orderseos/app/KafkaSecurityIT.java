package io.orderseos.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.EmbeddedKafka;
import io.orderseos.testing.Events;
import io.orderseos.testing.Http;
import io.orderseos.testing.JarProcess;
import io.orderseos.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar against a real KRaft broker that only lets it in encrypted, authenticated and authorized:
 * a SASL_SSL listener (SCRAM-SHA-512) and a mutual-TLS listener on loopback, certificates made by
 * the test, Kafka's {@link StandardAuthorizer} with nothing allowed that is not granted, and the
 * app's principal granted exactly the ACLs that docs/security.md tells operators to grant. The app
 * is configured only through {@code KAFKA_*} variables, its secrets only through config providers;
 * each run processes a record end to end, dead-letters another, answers HTTP, and no log line, HTTP
 * answer or dead letter contains a secret.
 *
 * <p>The test kit's plaintext listener stays for this test's own clients (they create the topics,
 * users and ACLs, produce the input and read the outputs as a super user); the app is only ever given
 * the secured ports, and the broker advertises to a client only the listener it came in on.
 */
class KafkaSecurityIT {
    private static final String APP_ID = "orders-eos";
    private static final String APP_USER = "orders-app";
    private static final String STRANGER = "stranger";
    private static final Path SECURITY_DOC = Path.of("..", "docs", "security.md");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** Secrets planted for the no-leak checks: unique per run, so a match can only be a leak. */
    private static final String SCRAM_PASSWORD = "scram-" + UUID.randomUUID();

    private static final String STRANGER_PASSWORD = "stranger-" + UUID.randomUUID();
    private static final String STORE_PASSWORD = TestCertificates.PASSWORD;

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static TestCertificates certs;
    private static Path brokerStore;
    private static Path clientStore;
    private static int saslSslPort;
    private static int mtlsPort;

    @BeforeAll
    static void startBroker() throws Exception {
        certs = TestCertificates.authority("kafka-ca");
        brokerStore = certs.keystore("broker");
        clientStore = certs.keystore(APP_USER);
        kafka = EmbeddedKafka.start(brokerConfig());
        saslSslPort = kafka.boundPort("SASL_SSL");
        mtlsPort = kafka.boundPort("MTLS");
        kafka.createTopics("orders", "order-status", "customer-stats", "orders-dlq", 2);
        try (Admin admin = kafka.admin()) {
            admin.alterUserScramCredentials(
                            List.of(scramUser(APP_USER, SCRAM_PASSWORD), scramUser(STRANGER, STRANGER_PASSWORD)))
                    .all()
                    .get();
            List<AclBinding> acls = documentedAcls("User:" + APP_USER);
            admin.createAcls(acls).all().get();
            Awaitility.await("the broker's authorizer has the ACLs")
                    .atMost(TIMEOUT)
                    .until(() -> admin.describeAcls(AclBindingFilter.ANY)
                                    .values()
                                    .get()
                                    .size()
                            == acls.size());
        }
        Awaitility.await("the broker knows the SCRAM credentials")
                .atMost(TIMEOUT)
                .ignoreExceptions()
                .until(() -> clusterId(saslSslClient(APP_USER, SCRAM_PASSWORD)) != null);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * A plaintext listener for the test kit (super user, as the unauthenticated principal), the
     * controller's, and the two secured ones the app uses.
     */
    private static Map<String, String> brokerConfig() {
        Map<String, String> config = new HashMap<>();
        config.put(
                "listeners",
                "EXTERNAL://localhost:0,CONTROLLER://localhost:0,SASL_SSL://localhost:0,MTLS://localhost:0");
        config.put(
                "listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,MTLS:SSL");
        config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put(
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        config.put("listener.name.mtls.ssl.client.auth", "required");
        // The client certificate's subject CN=localhost,OU=orders-app becomes the principal User:orders-app.
        config.put("ssl.principal.mapping.rules", "RULE:^.*OU=([^,]+).*$/$1/,DEFAULT");
        config.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, brokerStore.toString());
        config.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        config.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, STORE_PASSWORD);
        config.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, STORE_PASSWORD);
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certs.truststore().toString());
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, STORE_PASSWORD);
        config.put("authorizer.class.name", StandardAuthorizer.class.getName());
        config.put("allow.everyone.if.no.acl.found", "false");
        config.put("super.users", "User:ANONYMOUS");
        return config;
    }

    /**
     * The ACLs docs/security.md tells operators to grant the app (its {@code acl ...} command lines),
     * for {@code principal}: what the test grants is what the documentation says, nothing more.
     */
    private static List<AclBinding> documentedAcls(String principal) throws IOException {
        List<String> lines = Files.readAllLines(SECURITY_DOC, UTF_8);
        assertThat(lines)
                .as("the acl function of " + SECURITY_DOC)
                .anyMatch(line -> line.startsWith("acl() {") && line.contains("--allow-principal " + principal + " "));
        List<AclBinding> acls = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("acl --")) {
                continue;
            }
            String[] args = line.substring("acl ".length()).trim().split("\\s+");
            PatternType pattern = PatternType.LITERAL;
            ResourceType type = null;
            String name = null;
            List<AclOperation> operations = new ArrayList<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--resource-pattern-type" -> pattern = PatternType.fromString(value.toUpperCase(Locale.ROOT));
                    case "--topic" -> {
                        type = ResourceType.TOPIC;
                        name = value;
                    }
                    case "--group" -> {
                        type = ResourceType.GROUP;
                        name = value;
                    }
                    case "--transactional-id" -> {
                        type = ResourceType.TRANSACTIONAL_ID;
                        name = value;
                    }
                    case "--operation" -> operations.add(AclOperation.fromString(value));
                    default -> throw new IllegalStateException("unexpected " + args[i] + " in: " + line);
                }
            }
            if (type == null
                    || pattern == PatternType.UNKNOWN
                    || operations.isEmpty()
                    || operations.contains(AclOperation.UNKNOWN)) {
                throw new IllegalStateException("not a whole ACL: " + line);
            }
            for (AclOperation operation : operations) {
                acls.add(allow(principal, type, name, pattern, operation));
            }
        }
        assertThat(acls).as("acl lines in " + SECURITY_DOC).isNotEmpty();
        return acls;
    }

    @Test
    void saslSslAppWithOnlyItsAclsProcessesServesAndLeaksNoSecret() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("sasl-secrets"));
        Path secretFile = secrets.resolve("kafka.properties");
        Files.writeString(secretFile, "sasl.jaas.config=" + jaas(APP_USER, SCRAM_PASSWORD) + "\n", UTF_8);
        Map<String, String> env =
                saslSslEnv("sasl", "${file:" + secretFile + ":sasl.jaas.config}", "${env:TRUSTSTORE_PASSWORD}");
        env.put("TRUSTSTORE_PASSWORD", STORE_PASSWORD);
        env.put("KAFKA_CONFIG_PROVIDERS", "file,env");
        env.put("KAFKA_CONFIG_PROVIDERS_FILE_CLASS", FileConfigProvider.class.getName());
        env.put("KAFKA_CONFIG_PROVIDERS_FILE_PARAM_ALLOWED_PATHS", secrets.toString());
        env.put("KAFKA_CONFIG_PROVIDERS_ENV_CLASS", EnvVarConfigProvider.class.getName());
        env.put("KAFKA_CONFIG_PROVIDERS_ENV_PARAM_ALLOWLIST_PATTERN", "TRUSTSTORE_PASSWORD");
        env.put("JAVA_TOOL_OPTIONS", javaOptions(FileConfigProvider.class, EnvVarConfigProvider.class));

        Run run = runUntilProcessed(env, "sasl");

        assertThat(run.log()).as("Kafka's own config dump").contains("security.protocol = SASL_SSL");
        assertThat(run.log()).contains("sasl.jaas.config = [hidden]").contains("ssl.truststore.password = [hidden]");
        assertThat(run.log()).as("the app's config dump").contains("sasl.jaas.config=[hidden]");
        assertNoSecretIn(run);
    }

    @Test
    void mutualTlsAppWithOnlyItsAclsProcessesServesAndLeaksNoSecret() throws Exception {
        // One file per secret, as a Kubernetes secret volume mounts them: the directory provider.
        Path secrets = Files.createDirectories(dir.resolve("tls-secrets"));
        Files.writeString(secrets.resolve("store-password"), STORE_PASSWORD, UTF_8);
        String password = "${dir:" + secrets + ":store-password}";
        Map<String, String> env = appEnv("mtls", mtlsPort);
        env.put("KAFKA_SECURITY_PROTOCOL", "SSL");
        env.put("KAFKA_SSL_KEYSTORE_LOCATION", clientStore.toString());
        env.put("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12");
        env.put("KAFKA_SSL_KEYSTORE_PASSWORD", password);
        env.put("KAFKA_SSL_KEY_PASSWORD", password);
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", certs.truststore().toString());
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", password);
        env.put("KAFKA_CONFIG_PROVIDERS", "dir");
        env.put("KAFKA_CONFIG_PROVIDERS_DIR_CLASS", DirectoryConfigProvider.class.getName());
        env.put("KAFKA_CONFIG_PROVIDERS_DIR_PARAM_ALLOWED_PATHS", secrets.toString());
        env.put("JAVA_TOOL_OPTIONS", javaOptions(DirectoryConfigProvider.class));

        Run run = runUntilProcessed(env, "mtls");

        assertThat(run.log()).as("Kafka's own config dump").contains("security.protocol = SSL");
        assertThat(run.log()).contains("ssl.keystore.password = [hidden]").contains("ssl.key.password = [hidden]");
        assertNoSecretIn(run);
    }

    @Test
    void brokerRefusesPlaintextWrongPasswordAndUntrustedClients() throws Exception {
        // The controls: the right settings get in, so each refusal below is the setting that differs.
        assertThat(clusterId(saslSslClient(APP_USER, SCRAM_PASSWORD))).isNotBlank();
        assertThat(clusterId(mtlsClient(true))).isNotBlank();

        Map<String, Object> plaintext = new HashMap<>(clientBase(saslSslPort));
        // A plaintext client never gets an answer from a TLS port, only a time-out: keep it short.
        plaintext.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        plaintext.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        assertThatThrownBy(() -> clusterId(plaintext))
                .as("plaintext on the SASL_SSL port: the broker drops it, the client times out")
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);

        assertThatThrownBy(() -> clusterId(saslSslClient(APP_USER, "not-" + SCRAM_PASSWORD)))
                .as("wrong password")
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);

        Map<String, Object> untrusting = saslSslClient(APP_USER, SCRAM_PASSWORD);
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        assertThatThrownBy(() -> clusterId(untrusting))
                .as("a client that does not trust the broker's certificate")
                .hasCauseInstanceOf(SslAuthenticationException.class);

        assertThatThrownBy(() -> clusterId(mtlsClient(false)))
                .as("no client certificate on the mutual-TLS port")
                .hasCauseInstanceOf(SslAuthenticationException.class);
    }

    @Test
    void authenticatedUserWithoutAclsIsRefusedAtStart() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("stranger-secrets"));
        Files.writeString(secrets.resolve("jaas"), jaas(STRANGER, STRANGER_PASSWORD), UTF_8);
        Files.writeString(secrets.resolve("store"), STORE_PASSWORD, UTF_8);
        Map<String, String> env = saslSslEnv("stranger", "${dir:" + secrets + ":jaas}", "${dir:" + secrets + ":store}");
        env.put("KAFKA_CONFIG_PROVIDERS", "dir");
        env.put("KAFKA_CONFIG_PROVIDERS_DIR_CLASS", DirectoryConfigProvider.class.getName());

        try (JarProcess app = JarProcess.start(env, dir.resolve("stranger.log"))) {
            assertThat(app.waitFor(TIMEOUT)).as("exits").isTrue();
            assertThat(app.exitValue()).isEqualTo(1);
            assertThat(app.log()).contains("cannot describe topic").containsIgnoringCase("authoriz");
            assertThat(app.log()).doesNotContain(STRANGER_PASSWORD).doesNotContain(STORE_PASSWORD);
        }
    }

    @Test
    void configProviderOutsideTheAllowListIsABadConfiguration() throws Exception {
        Map<String, String> env = appEnv("allow-list", saslSslPort);
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", "${env:TRUSTSTORE_PASSWORD}");
        env.put("TRUSTSTORE_PASSWORD", STORE_PASSWORD);
        env.put("KAFKA_CONFIG_PROVIDERS", "env");
        env.put("KAFKA_CONFIG_PROVIDERS_ENV_CLASS", EnvVarConfigProvider.class.getName());
        // JDK_JAVA_OPTIONS, read by the java launcher: the variable docs/security.md shows.
        env.put("JDK_JAVA_OPTIONS", javaOptions(FileConfigProvider.class));

        try (JarProcess app = JarProcess.start(env, dir.resolve("allow-list.log"))) {
            assertThat(app.waitFor(Duration.ofSeconds(60))).isTrue();
            assertThat(app.exitValue()).isEqualTo(2);
            assertThat(app.log())
                    .contains(AbstractConfig.AUTOMATIC_CONFIG_PROVIDERS_PROPERTY)
                    .contains(EnvVarConfigProvider.class.getName())
                    .doesNotContain(STORE_PASSWORD);
        }
    }

    /** What one app run left behind: its whole output, every HTTP answer, the dead letters. */
    private record Run(String log, List<String> httpAnswers, List<ConsumerRecord<byte[], byte[]>> deadLetters) {}

    /**
     * Starts the jar, sends a PLACED event and an undecodable record (each keyed with {@code tag}),
     * waits until the order's status and the dead letter are committed, asks every endpoint, then
     * stops the app with SIGTERM so its log is complete.
     */
    private Run runUntilProcessed(Map<String, String> env, String tag) throws Exception {
        String orderId = "order-" + tag;
        String badKey = "bad-" + tag;
        int port = Integer.parseInt(env.get("ORDERS_HTTP_PORT"));
        Http http = new Http(port);
        try (JarProcess app = JarProcess.start(env, dir.resolve(tag + ".log"))) {
            try {
                return processAndStop(app, http, orderId, badKey, tag);
            } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "\n--- the app's output ---\n" + app.log(), e);
            }
        }
    }

    private Run processAndStop(JarProcess app, Http http, String orderId, String badKey, String tag) throws Exception {
        List<String> answers = new ArrayList<>();
        Awaitility.await("ready")
                .atMost(TIMEOUT)
                .ignoreExceptions()
                .failFast("the app exited", () -> !app.process().isAlive())
                .until(() -> http.get("/health/ready").status() == 200);

        AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(262_144);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            OrderEvent placed =
                    Events.of(OrderEventType.PLACED, orderId, "customer-" + tag).build();
            producer.send(new ProducerRecord<>("orders", orderId.getBytes(UTF_8), serde.serialize("orders", placed)));
            producer.send(new ProducerRecord<>("orders", badKey.getBytes(UTF_8), new byte[] {1, 2, 3}));
        }
        Awaitility.await("the order's status")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .failFast("the app exited", () -> !app.process().isAlive())
                .until(() -> keys(kafka.readCommitted("order-status")).contains(orderId));
        Awaitility.await("the dead letter")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> keys(kafka.readCommitted("orders-dlq")).contains(badKey));
        // Repartition topics keep records forever unless Kafka Streams deletes what it has consumed:
        // this needs DELETE on them, and a failure would only be logged at DEBUG.
        Awaitility.await("consumed repartition records deleted")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> repartitionFullyPurged());
        Awaitility.await("the order served over HTTP")
                .atMost(TIMEOUT)
                .ignoreExceptions()
                .until(() -> http.get("/orders/" + orderId).status() == 200);

        assertThat(http.get("/orders/" + orderId).json()).containsEntry("status", "PLACED");
        for (String path : List.of(
                "/health/live",
                "/health/ready",
                "/metrics",
                "/instances",
                "/orders/" + orderId,
                "/orders/unknown",
                "/customers/customer-" + tag,
                "/customers?limit=10",
                "/no-such-path")) {
            Http.Response response = http.get(path);
            answers.add(path + " " + response.status() + " "
                    + response.response().headers().map() + " " + response.body());
        }

        app.process().destroy(); // SIGTERM: a clean close, every log line written
        assertThat(app.waitFor(OrdersApp.CLOSE_TIMEOUT.plusSeconds(10)))
                .as("stopped")
                .isTrue();
        List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.readCommitted("orders-dlq").stream()
                .filter(r -> new String(r.key(), UTF_8).equals(badKey))
                .toList();
        assertThat(deadLetters).hasSize(1);
        assertThat(header(deadLetters.get(0), DeadLetters.REASON)).isEqualTo(DeadLetterReason.DESERIALIZATION.name());
        return new Run(app.log(), answers, deadLetters);
    }

    /** Whether the repartition topic has had records and every one of them has been deleted. */
    private static boolean repartitionFullyPurged() throws Exception {
        String topic = APP_ID + "-orders-by-customer-repartition";
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 2; p++) {
                earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var start = admin.listOffsets(earliest).all().get();
            var end = admin.listOffsets(latest).all().get();
            return end.values().stream().anyMatch(o -> o.offset() > 0)
                    && start.keySet().stream()
                            .allMatch(
                                    tp -> start.get(tp).offset() == end.get(tp).offset());
        }
    }

    private static void assertNoSecretIn(Run run) {
        assertThat(run.log())
                .as("no authorization failure: the granted ACLs are enough")
                .doesNotContainPattern("(?i)AuthorizationException|not authorized|authorization failed");
        for (String secret : List.of(SCRAM_PASSWORD, STORE_PASSWORD)) {
            assertThat(run.log()).as("the app's output").doesNotContain(secret);
            assertThat(run.httpAnswers()).as("HTTP answers").noneMatch(answer -> answer.contains(secret));
            for (ConsumerRecord<byte[], byte[]> deadLetter : run.deadLetters()) {
                assertThat(new String(deadLetter.value(), UTF_8)).doesNotContain(secret);
                for (Header header : deadLetter.headers()) {
                    assertThat(new String(header.value(), UTF_8))
                            .as("dead-letter header " + header.key())
                            .doesNotContain(secret);
                }
            }
        }
    }

    /** The app's environment for the SASL_SSL listener; the two secrets are given as provider variables. */
    private Map<String, String> saslSslEnv(String tag, String jaasVariable, String truststorePasswordVariable)
            throws Exception {
        Map<String, String> env = appEnv(tag, saslSslPort);
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_JAAS_CONFIG", jaasVariable);
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", certs.truststore().toString());
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", truststorePasswordVariable);
        return env;
    }

    private Map<String, String> appEnv(String tag, int port) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + port);
        env.put(
                "KAFKA_STATE_DIR",
                Files.createDirectories(dir.resolve("state-" + tag)).toString());
        env.put("KAFKA_COMMIT_INTERVAL_MS", "100");
        env.put("KAFKA_REPARTITION_PURGE_INTERVAL_MS", "100");
        env.put("ORDERS_HTTP_PORT", Integer.toString(JarProcess.freePort()));
        return env;
    }

    /**
     * The JVM options of a run: the config providers it may use (Kafka's allow-list), and Kafka's
     * logging at INFO so its own config dumps are checked too (the shipped level is WARN).
     */
    private static String javaOptions(Class<?>... providers) throws Exception {
        Path log4j = dir.resolve("log4j2-kafka-info.xml");
        if (!Files.exists(log4j)) {
            Files.writeString(
                    log4j,
                    """
                    <Configuration status="WARN" shutdownHook="disable">
                      <Appenders><Console name="console" target="SYSTEM_OUT">
                        <PatternLayout pattern="%d{ISO8601} %-5level [%t] %c{1} - %msg%n"/>
                      </Console></Appenders>
                      <Loggers><Root level="INFO"><AppenderRef ref="console"/></Root></Loggers>
                    </Configuration>
                    """,
                    UTF_8);
        }
        List<String> names = new ArrayList<>();
        for (Class<?> provider : providers) {
            names.add(provider.getName());
        }
        return "-D" + AbstractConfig.AUTOMATIC_CONFIG_PROVIDERS_PROPERTY + "=" + String.join(",", names)
                + " -Dlog4j2.configurationFile=" + log4j;
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    private static Map<String, Object> clientBase(int port) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return config;
    }

    private static Map<String, Object> saslSslClient(String user, String password) {
        Map<String, Object> config = clientBase(saslSslPort);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
        trust(config);
        return config;
    }

    private static Map<String, Object> mtlsClient(boolean withCertificate) {
        Map<String, Object> config = clientBase(mtlsPort);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        trust(config);
        if (withCertificate) {
            config.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, clientStore.toString());
            config.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
            config.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, STORE_PASSWORD);
        }
        return config;
    }

    private static void trust(Map<String, Object> config) {
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certs.truststore().toString());
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, STORE_PASSWORD);
    }

    /** The cluster id as a client with {@code config} sees it; throws what the client met. */
    private static String clusterId(Map<String, Object> config) throws Exception {
        Properties props = new Properties();
        props.putAll(config);
        try (Admin admin = Admin.create(props)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    private static UserScramCredentialUpsertion scramUser(String user, String password) {
        return new UserScramCredentialUpsertion(
                user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password);
    }

    private static AclBinding allow(
            String principal, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.key(), UTF_8)).toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
