package io.orderseos.ops.deploy;

import static io.orderseos.ops.deploy.DeploymentFiles.APP_STAGE;
import static io.orderseos.ops.deploy.DeploymentFiles.ENTRYPOINT;
import static io.orderseos.ops.deploy.DeploymentFiles.K8S_BASE;
import static io.orderseos.ops.deploy.DeploymentFiles.at;
import static io.orderseos.ops.deploy.DeploymentFiles.composeServices;
import static io.orderseos.ops.deploy.DeploymentFiles.composeServicesBuilding;
import static io.orderseos.ops.deploy.DeploymentFiles.container;
import static io.orderseos.ops.deploy.DeploymentFiles.containerEnv;
import static io.orderseos.ops.deploy.DeploymentFiles.dockerfileEnv;
import static io.orderseos.ops.deploy.DeploymentFiles.dockerfileInstruction;
import static io.orderseos.ops.deploy.DeploymentFiles.envFile;
import static io.orderseos.ops.deploy.DeploymentFiles.environment;
import static io.orderseos.ops.deploy.DeploymentFiles.kustomizeResources;
import static io.orderseos.ops.deploy.DeploymentFiles.object;
import static io.orderseos.ops.deploy.DeploymentFiles.options;
import static io.orderseos.ops.deploy.DeploymentFiles.strings;
import static io.orderseos.ops.deploy.DeploymentFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderseos.ops.cluster.AppJar;
import io.orderseos.ops.cluster.AppProcess;
import io.orderseos.ops.cluster.KafkaCluster;
import io.orderseos.ops.load.Load;
import io.orderseos.ops.load.LoadOptions;
import io.orderseos.ops.load.LoadReport;
import io.orderseos.testing.Http;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/entrypoint.sh run outside Docker, as the image runs it, with the environment the compose
 * file and the Kubernetes manifests give an instance, against a real KRaft broker process. Only
 * what cannot be the same outside a container is replaced: the brokers' address, the replication
 * factor (one broker here, not three: three broker processes beside the app overload a 2-core
 * build machine until followers drop out of sync and transactions stall), the state directory,
 * the HTTP port (and the address advertised with it) and the jar's path; each replaced variable
 * must exist in the file, so the test cannot drift from it. It checks that the instance becomes ready, that the
 * shell is replaced by the JVM with the intended options, that every probe path answers, that
 * every metric the dashboard and the alert rules select is exported by the app, and that SIGTERM
 * closes it cleanly.
 */
class EntrypointIT {
    private static final Duration START = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaCluster cluster;
    private static int partitions;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    /** What the compose file's one-shot {@code topics} service does, with its partitions, on one broker. */
    @BeforeAll
    static void startBrokerAndProvisionTopics() throws Exception {
        cluster = KafkaCluster.start(shared.resolve("kafka"), 1, START);
        Map<String, Object> topics = composeServices().get("topics");
        Map<String, String> provisioning = options(strings(topics.get("command"), "command"));
        Map<String, String> names = environment(topics);
        partitions = Integer.parseInt(provisioning.get("--partitions"));
        assertThat(provisioning).containsKey("--replication-factor");
        short replicas = (short) cluster.size();
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic(names.get("ORDERS_INPUT_TOPIC"), partitions, replicas),
                            new NewTopic(names.get("ORDERS_STATUS_TOPIC"), partitions, replicas).configs(compacted),
                            new NewTopic(names.get("ORDERS_CUSTOMER_STATS_TOPIC"), partitions, replicas)
                                    .configs(compacted),
                            new NewTopic(names.get("ORDERS_DLQ_TOPIC"), partitions, replicas)))
                    .all()
                    .get();
        }
        cluster.awaitInSync(START);
    }

    @AfterAll
    static void stopBroker() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void composeInstanceRunsThroughTheEntrypointAndExportsEveryChartedMetric() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(dockerfileEnv(APP_STAGE));
        env.putAll(environment(composeServicesBuilding(APP_STAGE).get("app-1")));
        int port = freePort();
        Map<String, String> outside = new LinkedHashMap<>(outsideDocker(port));
        outside.put("KAFKA_APPLICATION_SERVER", "localhost:" + port);
        assertThat(env)
                .as("only variables the files set are replaced")
                .containsKeys(outside.keySet().toArray(String[]::new));
        env.putAll(outside);
        // Not a replacement: a modest heap on a shared build machine, set the way an operator would.
        assertThat(env).doesNotContainKey("JAVA_OPTS");
        env.put("JAVA_OPTS", "-Xmx512m");

        long started = System.nanoTime();
        Process app = start(env);
        try {
            Http http = new Http(port);
            awaitReady(app, http);
            System.out.printf("compose instance ready after %.1f s%n", seconds(started));

            assertThat(app.toHandle().info().command())
                    .as("the shell exec'd the JVM, so SIGTERM reaches it")
                    .hasValueSatisfying(command -> assertThat(command).endsWith("/java"));
            assertThat(app.toHandle().info().arguments())
                    .as("container-aware defaults first, JAVA_OPTS after them (the last flag wins)")
                    .hasValueSatisfying(args -> assertThat(args)
                            .containsSubsequence(
                                    "-XX:MaxRAMPercentage=50",
                                    "-XX:+ExitOnOutOfMemoryError",
                                    "-Xmx512m",
                                    "-jar",
                                    env.get("APP_JAR")));

            LoadReport sent = load(env.get("ORDERS_INPUT_TOPIC"), 1000);
            assertThat(sent.sent()).isEqualTo(1000);
            try {
                Awaitility.await("every metric the dashboard and the alerts select")
                        .atMost(START)
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(
                                () -> assertThat(unselected(http.get("/metrics").body()))
                                        .isEmpty());
            } catch (RuntimeException e) {
                throw new AssertionError(e.getMessage() + "; the app's output:\n" + logText(), e);
            }
            System.out.printf("every charted metric exported after %.1f s%n", seconds(started));
            for (String path : probePaths()) {
                assertThat(http.get(path).status()).as(path).isEqualTo(200);
            }

            assertStopsCleanlyOnSigterm(app);
        } finally {
            app.destroyForcibly();
        }
    }

    @Test
    void kubernetesPodAdvertisesItsStableNameThroughTheEntrypoint() throws Exception {
        List<Map<String, Object>> base = kustomizeResources(K8S_BASE);
        Map<String, Object> statefulSet = object(base, "StatefulSet", "orders-eos");
        Map<String, String> env = new LinkedHashMap<>(dockerfileEnv(APP_STAGE));
        env.putAll(envFile(K8S_BASE.resolve("orders-eos.env")));
        env.putAll(containerEnv(container(statefulSet), Map.of("metadata.name", "orders-eos-1")));
        int port = freePort();
        Map<String, String> outside = outsideDocker(port);
        assertThat(env).containsKeys(outside.keySet().toArray(String[]::new));
        env.putAll(outside);
        env.put("JAVA_OPTS", "-Xmx512m");

        Process app = start(env);
        try {
            Http http = new Http(port);
            awaitReady(app, http);

            List<Map<String, Object>> instances =
                    JSON.readValue(http.get("/instances").body(), new TypeReference<List<Map<String, Object>>>() {});
            assertThat(instances)
                    .filteredOn(instance -> Boolean.TRUE.equals(instance.get("self")))
                    .singleElement()
                    .satisfies(self -> assertThat(self.get("host"))
                            .isEqualTo("orders-eos-1." + text(at(statefulSet, "spec.serviceName")) + ":" + port));

            assertStopsCleanlyOnSigterm(app);
        } finally {
            app.destroyForcibly();
        }
    }

    /**
     * What must differ outside a container: brokers and their number, state directory, HTTP port,
     * the jar's path.
     */
    private Map<String, String> outsideDocker(int port) {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "KAFKA_REPLICATION_FACTOR", Integer.toString(cluster.size()),
                "KAFKA_STATE_DIR", dir.resolve("state").toString(),
                "ORDERS_HTTP_PORT", Integer.toString(port),
                "APP_JAR", AppJar.locate().toString());
    }

    /** The entrypoint itself (its shebang, its exec bit), with exactly {@code env} for the app. */
    private Process start(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ENTRYPOINT.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log().toFile());
        Map<String, String> environment = builder.environment();
        environment
                .keySet()
                .removeIf(name -> name.startsWith("KAFKA_")
                        || name.startsWith("ORDERS_")
                        || EnvCheck.ENTRYPOINT_VARIABLES.contains(name));
        // The image's base sets JAVA_HOME; here it is the JVM running the test.
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.putAll(env);
        return builder.start();
    }

    private void awaitReady(Process app, Http http) throws IOException {
        try {
            Awaitility.await("ready")
                    .atMost(START)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .failFast("the app exited", () -> !app.isAlive())
                    .until(() -> http.get("/health/ready").status() == 200);
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "; its output:\n" + logText(), e);
        }
    }

    private void assertStopsCleanlyOnSigterm(Process app) throws Exception {
        app.destroy(); // SIGTERM, to the JVM itself
        assertThat(app.waitFor(AppProcess.CLEAN_STOP.toSeconds(), TimeUnit.SECONDS))
                .as("closed within the bound")
                .isTrue();
        assertThat(app.exitValue()).as(logText()).isEqualTo(143);
        assertThat(logText()).contains("Kafka Streams closed cleanly (NOT_RUNNING)");
    }

    private static LoadReport load(String topic, int count) throws InterruptedException {
        LoadOptions options = LoadOptions.builder()
                .bootstrapServers(cluster.bootstrapServers())
                .topic(topic)
                .partitions(partitions)
                .count(count)
                .build();
        return Load.run(options, new PrintStream(PrintStream.nullOutputStream()), () -> false);
    }

    /**
     * The selectors of the dashboard and the alert rules that select nothing in {@code metrics}, each
     * with where it is used and what series of that name exist; a regex matcher listing plain names
     * ({@code "order-status-sink|customer-stats-sink"}) must find each of them.
     */
    static List<String> unselected(String metrics) {
        Exposition exposition = Exposition.parse(metrics);
        List<String> missing = new ArrayList<>();
        DeploymentFiles.promqlExpressions().forEach((where, expression) -> {
            for (PromQl.Selector selector : PromQl.selectors(expression)) {
                for (PromQl.Selector each : alternatives(selector)) {
                    if (!exposition.selects(each)) {
                        missing.add(where + ": " + each + " selects nothing; of that name: "
                                + exposition.named(each.metric()));
                    }
                }
            }
        });
        return missing;
    }

    private static List<PromQl.Selector> alternatives(PromQl.Selector selector) {
        List<PromQl.Selector> each = new ArrayList<>(List.of(selector));
        for (int i = 0; i < selector.matchers().size(); i++) {
            PromQl.LabelMatcher matcher = selector.matchers().get(i);
            for (String alternative : matcher.literalAlternatives()) {
                List<PromQl.LabelMatcher> matchers = new ArrayList<>(selector.matchers());
                matchers.set(i, new PromQl.LabelMatcher(matcher.label(), "=", alternative));
                each.add(new PromQl.Selector(selector.metric(), List.copyOf(matchers)));
            }
        }
        return each;
    }

    /** Every HTTP path a probe or health check of the deployment files asks. */
    private static Set<String> probePaths() {
        Set<String> paths = new LinkedHashSet<>();
        Map<String, Object> app = container(object(kustomizeResources(K8S_BASE), "StatefulSet", "orders-eos"));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            paths.add(text(at(app, probe + ".httpGet.path")));
        }
        Matcher healthcheck = Pattern.compile("http://localhost:\\$\\{ORDERS_HTTP_PORT:-\\d+}(/\\S*)\"")
                .matcher(dockerfileInstruction(APP_STAGE, "HEALTHCHECK"));
        assertThat(healthcheck.find()).isTrue();
        paths.add(healthcheck.group(1));
        paths.add(text(DeploymentFiles.map(
                        DeploymentFiles.list(
                                        DeploymentFiles.yaml(DeploymentFiles.PROMETHEUS)
                                                .get("scrape_configs"),
                                        "scrape_configs")
                                .get(0),
                        "job")
                .get("metrics_path")));
        assertThat(paths).contains("/health/live", "/health/ready", "/metrics");
        return paths;
    }

    private Path log() {
        return dir.resolve("app.log");
    }

    private String logText() throws IOException {
        return Files.readString(log(), StandardCharsets.UTF_8);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
