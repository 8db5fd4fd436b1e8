package io.orderseos.ops.deploy;

import static io.orderseos.ops.deploy.DeploymentFiles.COMPOSE;
import static io.orderseos.ops.deploy.DeploymentFiles.K8S_BASE;
import static io.orderseos.ops.deploy.DeploymentFiles.K8S_EXAMPLE;
import static io.orderseos.ops.deploy.DeploymentFiles.PROMETHEUS_DIR;
import static io.orderseos.ops.deploy.DeploymentFiles.ROOT;
import static io.orderseos.ops.deploy.DeploymentFiles.at;
import static io.orderseos.ops.deploy.DeploymentFiles.container;
import static io.orderseos.ops.deploy.DeploymentFiles.list;
import static io.orderseos.ops.deploy.DeploymentFiles.map;
import static io.orderseos.ops.deploy.DeploymentFiles.objects;
import static io.orderseos.ops.deploy.DeploymentFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment files as the real tools read them, where those tools are installed: docker-compose
 * (Debian's package; `.ci/run` installs it in CI), kubectl with kustomize v5, promtool (from
 * Debian's prometheus package; `.ci/run` unpacks it in CI). Without a tool the test is skipped,
 * saying which tool and how to get it; nothing here needs a Docker engine or a Kubernetes cluster.
 */
class DeploymentToolsTest {

    @Test
    void composeFileIsValidForDockerCompose() throws Exception {
        Optional<Path> dockerCompose = Tool.onPath("docker-compose");
        Tool.assumeInstalled(
                dockerCompose.isPresent(),
                "docker-compose is not installed (apt-get install docker-compose): the compose file was not validated");

        Tool.Result result = Tool.run(
                ROOT,
                dockerCompose.get().toString(),
                "-f",
                ROOT.relativize(COMPOSE).toString(),
                "config",
                "--quiet");

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void kustomizationsRenderAndWireTheirConfiguration() throws Exception {
        Optional<Path> kubectl = Tool.onPath("kubectl");
        Tool.assumeInstalled(kubectl.isPresent(), "kubectl is not installed: the kustomizations were not rendered");
        String version =
                Tool.run(ROOT, kubectl.get().toString(), "version", "--client").output();
        Matcher kustomize = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version);
        Tool.assumeInstalled(
                kustomize.find() && Integer.parseInt(kustomize.group(1)) >= 5,
                "kubectl's kustomize is older than v5 (kubectl 1.27): the kustomizations were not rendered; "
                        + version);

        List<Map<String, Object>> base = render(kubectl.get(), K8S_BASE);
        List<Map<String, Object>> example = render(kubectl.get(), K8S_EXAMPLE);

        assertWired(base, "orders-eos:0.2.0", "orders-eos-ops:0.2.0");
        assertWired(example, "registry.example.com/orders-eos:0.2.0", "registry.example.com/orders-eos-ops:0.2.0");
        assertThat(text(at(objects(example, "StatefulSet").get(0), "spec.replicas")))
                .isEqualTo("4");
        assertThat(example)
                .filteredOn(o -> !"Namespace".equals(o.get("kind")))
                .allSatisfy(o -> assertThat(text(at(o, "metadata.namespace"))).isEqualTo("orders"));
    }

    @Test
    void alertRulesAndPrometheusConfigPassPromtool() throws Exception {
        Optional<Path> promtool = Tool.onPath("promtool");
        Tool.assumeInstalled(
                promtool.isPresent(),
                "promtool is not installed (it is in Debian's prometheus package): the alert rules were not checked");

        Tool.Result rules = Tool.run(PROMETHEUS_DIR, promtool.get().toString(), "check", "rules", "alerts.yml");
        // Also checks the rule files it names. Not prometheus-kubernetes.yml: Debian's promtool is
        // built without Kubernetes service discovery and refuses kubernetes_sd_configs.
        Tool.Result config = Tool.run(PROMETHEUS_DIR, promtool.get().toString(), "check", "config", "prometheus.yml");

        assertThat(rules.exitCode()).as(rules.output()).isZero();
        assertThat(rules.output())
                .contains("SUCCESS: " + DeploymentFiles.alertRules().size() + " rules found");
        assertThat(config.exitCode()).as(config.output()).isZero();
    }

    private static List<Map<String, Object>> render(Path kubectl, Path dir) throws Exception {
        Tool.Result result = Tool.run(
                ROOT, kubectl.toString(), "kustomize", ROOT.relativize(dir).toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        return DeploymentFiles.yamlDocuments(result.output(), dir.toString());
    }

    /**
     * Each workload's images are the expected ones, every ConfigMap or Secret it reads exists under the
     * name kustomize gave it (a missing Secret only where it is optional), and what it reads is
     * accepted by the app.
     */
    private static void assertWired(List<Map<String, Object>> rendered, String appImage, String opsImage) {
        Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
        objects(rendered, "ConfigMap").forEach(c -> configMaps.put(text(at(c, "metadata.name")), data(c, false)));
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        objects(rendered, "Secret").forEach(s -> secrets.put(text(at(s, "metadata.name")), data(s, true)));
        List<Map<String, Object>> workloads = new ArrayList<>(objects(rendered, "StatefulSet"));
        workloads.addAll(objects(rendered, "Job"));

        assertThat(workloads).hasSize(2);
        for (Map<String, Object> workload : workloads) {
            Map<String, Object> container = container(workload);
            boolean isApp = "StatefulSet".equals(workload.get("kind"));
            assertThat(text(container.get("image"))).isEqualTo(isApp ? appImage : opsImage);
            Map<String, String> env = new LinkedHashMap<>();
            for (Object source : list(container.get("envFrom"), "envFrom")) {
                Map<String, Object> from = map(source, "envFrom");
                String kind = from.containsKey("configMapRef") ? "configMapRef" : "secretRef";
                Map<String, Object> ref = map(from.get(kind), kind);
                String name = text(ref.get("name"));
                Map<String, String> values = (kind.equals("configMapRef") ? configMaps : secrets).get(name);
                if (values == null) {
                    assertThat(ref.get("optional"))
                            .as(kind + " " + name + " is missing")
                            .isEqualTo(Boolean.TRUE);
                } else {
                    env.putAll(values);
                }
            }
            env.putAll(DeploymentFiles.containerEnv(container, Map.of("metadata.name", "orders-eos-0")));
            assertThat(env).containsKey("KAFKA_BOOTSTRAP_SERVERS");
            assertThat(EnvCheck.problems(text(at(workload, "metadata.name")), env))
                    .isEmpty();
        }
    }

    private static Map<String, String> data(Map<String, Object> object, boolean base64) {
        Map<String, String> values = new LinkedHashMap<>();
        map(object.get("data"), "data")
                .forEach((key, value) -> values.put(
                        key,
                        base64
                                ? new String(Base64.getMimeDecoder().decode(text(value)), StandardCharsets.UTF_8)
                                : text(value)));
        return values;
    }
}
