package io.orderseos.ops.deploy;

import static io.orderseos.ops.deploy.DeploymentFiles.ALERTS;
import static io.orderseos.ops.deploy.DeploymentFiles.APP_STAGE;
import static io.orderseos.ops.deploy.DeploymentFiles.COMPOSE;
import static io.orderseos.ops.deploy.DeploymentFiles.DASHBOARD;
import static io.orderseos.ops.deploy.DeploymentFiles.K8S_BASE;
import static io.orderseos.ops.deploy.DeploymentFiles.K8S_EXAMPLE;
import static io.orderseos.ops.deploy.DeploymentFiles.PROMETHEUS;
import static io.orderseos.ops.deploy.DeploymentFiles.PROMETHEUS_DIR;
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
import static io.orderseos.ops.deploy.DeploymentFiles.list;
import static io.orderseos.ops.deploy.DeploymentFiles.map;
import static io.orderseos.ops.deploy.DeploymentFiles.object;
import static io.orderseos.ops.deploy.DeploymentFiles.options;
import static io.orderseos.ops.deploy.DeploymentFiles.strings;
import static io.orderseos.ops.deploy.DeploymentFiles.text;
import static io.orderseos.ops.deploy.DeploymentFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderseos.config.ConfigSources;
import io.orderseos.ops.cluster.AppProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The deployment files agree with the app and with each other, read without Docker or Kubernetes:
 * every variable they give the app is accepted by it, probes, ports, volumes and grace periods
 * match what the app does, the provisioning matches what the app expects, and every alert and
 * panel is documented and well-formed. {@code EntrypointIT} runs what they describe;
 * {@code DeploymentToolsTest} asks docker-compose, kubectl and promtool.
 */
class DeploymentFilesTest {
    private static final String HTTP_PORT = "7070";
    private static final Map<String, String> POD_FIELDS = Map.of("metadata.name", "orders-eos-0");

    @Test
    void composeRunsThreeKraftBrokersOfTheOfficialImageAsOneQuorum() {
        Map<String, Map<String, String>> brokers = new LinkedHashMap<>();
        composeServices().forEach((name, service) -> {
            if ("apache/kafka:4.4.0".equals(service.get("image"))) {
                brokers.put(name, environment(service));
            }
        });

        assertThat(brokers).hasSize(3);
        assertThat(brokers.values()).allSatisfy(env -> {
            assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
            assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"))
                    .isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
            assertThat(env.get("KAFKA_MIN_INSYNC_REPLICAS")).isEqualTo("2");
            assertThat(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"))
                    .isEqualTo("3");
        });
        assertThat(brokers.values().stream().map(env -> env.get("KAFKA_NODE_ID")))
                .containsExactlyInAnyOrder("1", "2", "3");
        assertThat(brokers.values().stream().map(env -> env.get("CLUSTER_ID")).distinct())
                .singleElement()
                .satisfies(id ->
                        assertThat(java.util.Base64.getUrlDecoder().decode(id)).hasSize(16));
        brokers.forEach((name, env) ->
                assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("INTERNAL://" + name + ":19092"));
    }

    @Test
    void composeRunsThreeAppInstancesEachWithItsOwnAddressAndState() {
        Map<String, Map<String, Object>> apps = composeServicesBuilding(APP_STAGE);
        String stateDir = dockerfileEnv(APP_STAGE).get("KAFKA_STATE_DIR");

        assertThat(apps).hasSize(3);
        Set<String> volumes = new HashSet<>();
        apps.forEach((name, service) -> {
            Map<String, String> env = environment(service);
            assertThat(env.get("KAFKA_APPLICATION_SERVER"))
                    .as("%s advertises its own service name and HTTP port", name)
                    .isEqualTo(name + ":" + env.get("ORDERS_HTTP_PORT"));
            assertThat(env.get("ORDERS_HTTP_PORT")).isEqualTo(HTTP_PORT);
            assertThat(strings(service.get("ports"), "ports"))
                    .singleElement()
                    .asString()
                    .endsWith(":" + HTTP_PORT);
            List<String> mounts = strings(service.get("volumes"), "volumes");
            assertThat(mounts).singleElement().asString().endsWith(":" + stateDir);
            volumes.add(mounts.get(0).split(":")[0]);
            assertThat(composeDuration(service.get("stop_grace_period")))
                    .as("%s gets time for the clean close before Docker's SIGKILL", name)
                    .isGreaterThanOrEqualTo(AppProcess.CLEAN_STOP);
            assertThat(text(at(service, "depends_on.topics.condition"))).isEqualTo("service_completed_successfully");
        });
        assertThat(volumes).as("a state volume per instance").hasSize(3);
        assertThat(map(yaml(COMPOSE).get("volumes"), "volumes")).containsKeys(volumes.toArray(String[]::new));
    }

    @Test
    void composeHasRegistryPrometheusGrafanaAndTheLoadGenerator() {
        Map<String, Map<String, Object>> services = composeServices();
        Path composeDir = COMPOSE.getParent();

        assertThat(text(services.get("registry").get("image"))).startsWith("apicurio/apicurio-registry-mem:2.6.");
        assertThat(strings(services.get("prometheus").get("volumes"), "volumes"))
                .contains("../ops/monitoring/prometheus:/etc/prometheus:ro");
        assertThat(strings(services.get("grafana").get("volumes"), "volumes"))
                .contains(
                        "../ops/monitoring/grafana/provisioning:/etc/grafana/provisioning:ro",
                        "../ops/monitoring/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        for (Map<String, Object> service : services.values()) {
            if (service.get("volumes") == null) {
                continue;
            }
            for (String mount : strings(service.get("volumes"), "volumes")) {
                if (mount.startsWith(".")) {
                    assertThat(composeDir.resolve(mount.split(":")[0]))
                            .as(mount)
                            .isDirectory();
                }
            }
        }
        assertThat(composeDir.resolve("../ops/monitoring/grafana/provisioning/datasources/prometheus.yml"))
                .isRegularFile();
        assertThat(composeDir.resolve("../ops/monitoring/grafana/provisioning/dashboards/orders-eos.yml"))
                .isRegularFile();

        List<String> load = strings(services.get("load").get("command"), "command");
        Map<String, String> appEnv =
                environment(composeServicesBuilding(APP_STAGE).get("app-1"));
        assertThat(load.get(0)).isEqualTo("produce");
        assertThat(options(load).get("--bootstrap-servers")).isEqualTo(appEnv.get("KAFKA_BOOTSTRAP_SERVERS"));
    }

    @Test
    void prometheusScrapesEveryComposeInstanceWhereItServesMetrics() {
        Map<String, Object> job = map(
                list(yaml(PROMETHEUS).get("scrape_configs"), "scrape_configs").get(0), "job");
        List<String> targets = strings(
                map(list(job.get("static_configs"), "static_configs").get(0), "static")
                        .get("targets"),
                "t");
        Set<String> advertised = composeServicesBuilding(APP_STAGE).values().stream()
                .map(service -> environment(service).get("KAFKA_APPLICATION_SERVER"))
                .collect(Collectors.toSet());

        assertThat(text(job.get("job_name"))).isEqualTo("orders-eos");
        assertThat(text(job.get("metrics_path"))).isEqualTo("/metrics");
        assertThat(targets).containsExactlyInAnyOrderElementsOf(advertised);
        for (Path config : List.of(PROMETHEUS, PROMETHEUS_DIR.resolve("prometheus-kubernetes.yml"))) {
            Map<String, Object> prometheus = yaml(config);
            assertThat(strings(prometheus.get("rule_files"), "rule_files"))
                    .as(config.toString())
                    .allSatisfy(file -> assertThat(PROMETHEUS_DIR.resolve(file)).isRegularFile());
            Map<String, Object> first =
                    map(list(prometheus.get("scrape_configs"), "scrape_configs").get(0), "job");
            assertThat(text(first.get("job_name"))).as(config.toString()).isEqualTo("orders-eos");
        }
    }

    @Test
    void everyKafkaAndOrdersVariableOfComposeAndKubernetesIsAcceptedByTheApp() {
        Map<String, Map<String, String>> environments = deploymentEnvironments();
        List<String> problems = new ArrayList<>();
        environments.forEach((where, env) -> problems.addAll(EnvCheck.problems(where, env)));

        assertThat(environments).hasSizeGreaterThanOrEqualTo(7);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyInstanceCreatesItsInternalTopicsWithTwoInSyncReplicasOfThree() {
        Map<String, Map<String, String>> instances = new LinkedHashMap<>();
        deploymentEnvironments().forEach((where, env) -> {
            if (where.startsWith("k8s") && where.endsWith("StatefulSet") || where.matches("compose app-\\d")) {
                instances.put(where, env);
            }
        });

        assertThat(instances).hasSizeGreaterThanOrEqualTo(5);
        instances.forEach((where, env) -> {
            Properties app = ConfigSources.load(List.of(), env).kafkaProperties();
            assertThat(app.getProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG))
                    .as(where)
                    .isEqualTo("3");
            assertThat(app.getProperty(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)))
                    .as("%s: min.insync.replicas of the changelogs and the repartition topic", where)
                    .isEqualTo("2");
        });
    }

    @Test
    void aMisspelledVariableIsCaught() {
        Map<String, String> typos = Map.of(
                "ORDERS_DEDUP_WINDOWS", "orders.dedup.windows",
                "KAFKA_NUM_STANDBY_REPLICA", "num.standby.replica ",
                "KAFKA_MAIN_CONSUMER_MAX_POLL_RECORD", "main.consumer.max.poll.record ",
                "JAVA_OPT", "JAVA_OPT is read by nothing");
        Map<String, String> good = deploymentEnvironments().get("compose app-1");

        typos.forEach((variable, named) -> assertThat(EnvCheck.problems("typo", with(good, variable, "10")))
                .singleElement()
                .asString()
                .contains(named));
        assertThat(EnvCheck.problems("ok", with(good, "KAFKA_MAIN_CONSUMER_MAX_POLL_RECORDS", "10")))
                .isEmpty();
    }

    @Test
    void theEntrypointReadsTheVariablesTheCheckAllows() {
        String script = DeploymentFiles.read(DeploymentFiles.ENTRYPOINT);

        assertThat(EnvCheck.ENTRYPOINT_VARIABLES)
                .allSatisfy(name -> assertThat(script).contains("${" + name));
        assertThat(script).contains("exec \"$java\"");
    }

    @Test
    void probesAndPortsPointAtTheAppsHttpApi() {
        List<Map<String, Object>> base = kustomizeResources(K8S_BASE);
        Map<String, Object> app = container(object(base, "StatefulSet", "orders-eos"));
        Map<String, Object> port = map(list(app.get("ports"), "ports").get(0), "port");

        assertThat(text(port.get("name"))).isEqualTo("http");
        assertThat(text(port.get("containerPort"))).isEqualTo(HTTP_PORT);
        assertThat(envFile(K8S_BASE.resolve("orders-eos.env")).get("ORDERS_HTTP_PORT"))
                .isEqualTo(HTTP_PORT);
        assertThat(probe(app, "startupProbe")).isEqualTo("/health/live@http");
        assertThat(probe(app, "livenessProbe")).isEqualTo("/health/live@http");
        assertThat(probe(app, "readinessProbe")).isEqualTo("/health/ready@http");
        for (String name : List.of("orders-eos", "orders-eos-headless")) {
            Map<String, Object> servicePort = map(
                    list(at(object(base, "Service", name), "spec.ports"), "ports")
                            .get(0),
                    "port");
            assertThat(text(servicePort.get("port"))).as(name).isEqualTo(HTTP_PORT);
            assertThat(text(servicePort.get("targetPort"))).as(name).isEqualTo("http");
        }
        Map<String, Object> annotations =
                map(at(object(base, "StatefulSet", "orders-eos"), "spec.template.metadata.annotations"), "annotations");
        assertThat(text(annotations.get("prometheus.io/port"))).isEqualTo(HTTP_PORT);
        assertThat(text(annotations.get("prometheus.io/path"))).isEqualTo("/metrics");

        assertThat(dockerfileInstruction(APP_STAGE, "EXPOSE")).isEqualTo("EXPOSE " + HTTP_PORT);
        assertThat(dockerfileInstruction(APP_STAGE, "HEALTHCHECK"))
                .contains("http://localhost:${ORDERS_HTTP_PORT:-" + HTTP_PORT + "}/health/ready");
    }

    @Test
    void kubernetesKeepsStateOnTheClaimAndGivesPodsTheirAdvertisedNames() {
        List<Map<String, Object>> base = kustomizeResources(K8S_BASE);
        Map<String, Object> statefulSet = object(base, "StatefulSet", "orders-eos");
        Map<String, Object> app = container(statefulSet);
        Map<String, String> env = containerEnv(app, POD_FIELDS);
        Map<String, String> mounts = new LinkedHashMap<>();
        list(app.get("volumeMounts"), "volumeMounts")
                .forEach(m -> mounts.put(
                        text(map(m, "mount").get("name")), text(map(m, "mount").get("mountPath"))));
        Map<String, Object> headless = object(base, "Service", "orders-eos-headless");
        Object podLabels = at(statefulSet, "spec.template.metadata.labels");

        assertThat(mounts.get("state")).isEqualTo(env.get("KAFKA_STATE_DIR"));
        assertThat(env.get("KAFKA_STATE_DIR"))
                .isEqualTo(dockerfileEnv(APP_STAGE).get("KAFKA_STATE_DIR"));
        assertThat(dockerfileInstruction(APP_STAGE, "VOLUME")).contains("\"" + env.get("KAFKA_STATE_DIR") + "\"");
        assertThat(text(at(
                        map(
                                list(at(statefulSet, "spec.volumeClaimTemplates"), "claims")
                                        .get(0),
                                "claim"),
                        "metadata.name")))
                .isEqualTo("state");
        assertThat(text(at(app, "securityContext.readOnlyRootFilesystem"))).isEqualTo("true");
        assertThat(mounts).as("RocksDB unpacks its library into /tmp").containsEntry("tmp", "/tmp");

        assertThat(text(at(statefulSet, "spec.serviceName"))).isEqualTo(env.get("HEADLESS_SERVICE"));
        assertThat(text(at(headless, "spec.clusterIP"))).isEqualTo("None");
        assertThat(text(at(headless, "spec.publishNotReadyAddresses"))).isEqualTo("true");
        assertThat(env.get("POD_NAME")).isEqualTo("orders-eos-0");
        assertThat(podLabels).isEqualTo(at(headless, "spec.selector"));
        assertThat(podLabels).isEqualTo(at(object(base, "Service", "orders-eos"), "spec.selector"));
        assertThat(podLabels)
                .isEqualTo(at(object(base, "PodDisruptionBudget", "orders-eos"), "spec.selector.matchLabels"));
        assertThat(podLabels).isEqualTo(at(statefulSet, "spec.selector.matchLabels"));
        assertThat(at(object(base, "Job", "orders-eos-topics"), "spec.template.metadata.labels"))
                .as("the Job's pod is not an instance of the app")
                .isNotEqualTo(podLabels);
        assertThat(Duration.ofSeconds(
                        Long.parseLong(text(at(statefulSet, "spec.template.spec.terminationGracePeriodSeconds")))))
                .isGreaterThanOrEqualTo(AppProcess.CLEAN_STOP);
    }

    @Test
    void topicsAreProvisionedAsTheAppExpects() {
        Map<String, Map<String, Object>> services = composeServices();
        Map<String, String> composeApp =
                environment(composeServicesBuilding(APP_STAGE).get("app-1"));
        Map<String, String> composeTopics = environment(services.get("topics"));
        List<String> composeCommand = strings(services.get("topics").get("command"), "command");
        Map<String, Object> job = object(kustomizeResources(K8S_BASE), "Job", "orders-eos-topics");
        List<String> jobCommand = strings(container(job).get("args"), "args");
        Map<String, String> k8sEnv = envFile(K8S_BASE.resolve("orders-eos.env"));

        assertThat(composeCommand.get(0)).isEqualTo("topics");
        assertThat(jobCommand).isEqualTo(composeCommand);
        assertThat(options(composeCommand).get("--replication-factor"))
                .isEqualTo(composeApp.get("KAFKA_REPLICATION_FACTOR"))
                .isEqualTo(k8sEnv.get("KAFKA_REPLICATION_FACTOR"));
        composeTopics.forEach((name, value) -> assertThat(composeApp)
                .as("the app reads %s as the provisioning does", name)
                .containsEntry(name, value));
        assertThat(composeTopics).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "ORDERS_INPUT_TOPIC", "ORDERS_DLQ_TOPIC");
        assertThat(envFrom(container(job)))
                .isEqualTo(envFrom(container(object(kustomizeResources(K8S_BASE), "StatefulSet", "orders-eos"))));
    }

    @Test
    void everyAlertIsDocumentedInTheRunbook() {
        Set<String> anchors = DeploymentFiles.read(DeploymentFiles.RUNBOOK)
                .lines()
                .filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "")
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 -]", "")
                        .replace(' ', '-'))
                .collect(Collectors.toSet());
        Map<String, Map<String, Object>> rules = DeploymentFiles.alertRules();

        assertThat(rules).hasSizeGreaterThanOrEqualTo(8);
        rules.forEach((name, rule) -> {
            assertThat(text(at(rule, "labels.severity"))).as(name).isIn("warning", "critical");
            assertThat(text(at(rule, "annotations.summary"))).as(name).isNotBlank();
            assertThat(text(at(rule, "annotations.runbook")))
                    .as(name)
                    .isEqualTo("docs/runbook.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(anchors).as("a runbook heading for " + name).contains(name.toLowerCase(Locale.ROOT));
        });
    }

    @Test
    void theDashboardShowsWhatOperatorsNeedWithAQueryInEveryPanel() {
        JsonNode dashboard = DeploymentFiles.json(DASHBOARD);
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            titles.add(panel.path("title").asText().toLowerCase(Locale.ROOT));
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets")
                    .forEach(target -> assertThat(target.path("expr").asText())
                            .as(panel.path("title").asText())
                            .isNotBlank());
        }

        assertThat(dashboard.path("uid").asText()).isEqualTo("orders-eos");
        for (String topic : List.of(
                "records in",
                "lag",
                "dedup",
                "dead letters",
                "end-to-end latency",
                "restore",
                "rebalances",
                "thread")) {
            assertThat(titles).as("a panel about " + topic).anySatisfy(t -> assertThat(t)
                    .contains(topic));
        }
        assertThat(DeploymentFiles.promqlExpressions())
                .allSatisfy((where, expr) ->
                        assertThat(PromQl.selectors(expr)).as(where).isNotEmpty());
        assertThat(ALERTS).isRegularFile();
    }

    /**
     * Every environment a deployment file gives an orders-eos container, as the container sees it:
     * the image's ENV, then what compose or Kubernetes adds.
     */
    static Map<String, Map<String, String>> deploymentEnvironments() {
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        for (String stage : List.of(APP_STAGE, "ops")) {
            composeServicesBuilding(stage).forEach((name, service) -> {
                Map<String, String> env = new LinkedHashMap<>(dockerfileEnv(stage));
                env.putAll(environment(service));
                environments.put("compose " + name, env);
            });
        }
        List<Map<String, Object>> base = kustomizeResources(K8S_BASE);
        Map<String, String> config = envFile(K8S_BASE.resolve("orders-eos.env"));
        Map<String, String> pod = new LinkedHashMap<>(dockerfileEnv(APP_STAGE));
        pod.putAll(config);
        pod.putAll(containerEnv(container(object(base, "StatefulSet", "orders-eos")), POD_FIELDS));
        environments.put("k8s base StatefulSet", pod);
        Map<String, String> job = new LinkedHashMap<>(dockerfileEnv("ops"));
        job.putAll(config);
        job.putAll(containerEnv(container(object(base, "Job", "orders-eos-topics")), POD_FIELDS));
        environments.put("k8s base Job", job);
        Map<String, String> overlay = new LinkedHashMap<>(pod);
        overlay.putAll(envFile(K8S_EXAMPLE.resolve("orders-eos.env")));
        overlay.putAll(envFile(K8S_EXAMPLE.resolve("kafka-credentials.env")));
        environments.put("k8s example StatefulSet", overlay);
        return environments;
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(name, value);
        return more;
    }

    private static String probe(Map<String, Object> container, String probe) {
        return text(at(container, probe + ".httpGet.path")) + "@" + text(at(container, probe + ".httpGet.port"));
    }

    private static List<String> envFrom(Map<String, Object> container) {
        return list(container.get("envFrom"), "envFrom").stream()
                .map(source -> map(source, "envFrom").toString())
                .toList();
    }

    /** A compose duration such as {@code 45s} or {@code 1m30s}. */
    private static Duration composeDuration(Object value) {
        String text = text(value);
        assertThat(text).as("a duration").matches("(\\d+m)?(\\d+s)?");
        return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    }
}
