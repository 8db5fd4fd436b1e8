package io.orderseos.ops.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The project's deployment files ({@code docker/}, {@code ops/k8s}, {@code ops/monitoring}) read as
 * data, as Docker, Kubernetes, Prometheus and Grafana read them, for the tests that hold them
 * against the app. YAML is read by SnakeYAML, which resolves anchors and merge keys ({@code <<}) as
 * docker-compose does.
 */
final class DeploymentFiles {
    static final Path ROOT = locateRoot();
    static final Path COMPOSE = ROOT.resolve("docker/docker-compose.yml");
    static final Path DOCKERFILE = ROOT.resolve("docker/Dockerfile");
    static final Path ENTRYPOINT = ROOT.resolve("docker/entrypoint.sh");
    static final Path K8S_BASE = ROOT.resolve("ops/k8s/base");
    static final Path K8S_EXAMPLE = ROOT.resolve("ops/k8s/overlays/example");
    static final Path PROMETHEUS_DIR = ROOT.resolve("ops/monitoring/prometheus");
    static final Path ALERTS = PROMETHEUS_DIR.resolve("alerts.yml");
    static final Path PROMETHEUS = PROMETHEUS_DIR.resolve("prometheus.yml");
    static final Path DASHBOARD = ROOT.resolve("ops/monitoring/grafana/dashboards/orders-eos.json");
    static final Path RUNBOOK = ROOT.resolve("docs/runbook.md");

    /** The Dockerfile stage that runs the app; {@code ops} runs the operator's tools. */
    static final String APP_STAGE = "app";

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

    private DeploymentFiles() {}

    /** The project root: the working directory or its parent (a module's tests run in the module). */
    private static Path locateRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("docker/docker-compose.yml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no docker/docker-compose.yml in " + here + " or above");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> yaml(Path file) {
        return map(newYaml().load(read(file)), file.toString());
    }

    static List<Map<String, Object>> yamlDocuments(Path file) {
        return yamlDocuments(read(file), file.toString());
    }

    static List<Map<String, Object>> yamlDocuments(String text, String what) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : newYaml().loadAll(text)) {
            if (document != null) {
                documents.add(map(document, what));
            }
        }
        return documents;
    }

    private static Yaml newYaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new AssertionError(what + ": expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String what) {
        if (!(value instanceof List)) {
            throw new AssertionError(what + ": expected a list, found " + value);
        }
        return (List<Object>) value;
    }

    /** {@code path} such as {@code "spec.template.spec"} in nested mappings; fails naming what is missing. */
    static Object at(Map<String, Object> root, String path) {
        Object current = root;
        for (String key : path.split("\\.")) {
            Map<String, Object> map = map(current, path);
            if (!map.containsKey(key)) {
                throw new AssertionError("no " + key + " in " + path + ": " + map.keySet());
            }
            current = map.get(key);
        }
        return current;
    }

    /** A YAML scalar's text as Docker or Kubernetes sees it ({@code 3} and {@code "3"} alike). */
    static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    // ---- compose -------------------------------------------------------------------------------

    static Map<String, Map<String, Object>> composeServices() {
        Map<String, Object> services = map(yaml(COMPOSE).get("services"), "services");
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        services.forEach((name, service) -> byName.put(name, map(service, "service " + name)));
        return byName;
    }

    /** The services built from the project's Dockerfile with {@code target}: the app or the tools. */
    static Map<String, Map<String, Object>> composeServicesBuilding(String target) {
        Map<String, Map<String, Object>> built = new LinkedHashMap<>();
        composeServices().forEach((name, service) -> {
            Object build = service.get("build");
            if (build instanceof Map<?, ?> spec
                    && "docker/Dockerfile".equals(text(spec.get("dockerfile")))
                    && target.equals(text(spec.get("target")))) {
                built.put(name, service);
            }
        });
        return built;
    }

    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared != null) {
            map(declared, "environment").forEach((name, value) -> env.put(name, text(value)));
        }
        return env;
    }

    static List<String> strings(Object value, String what) {
        return list(value, what).stream().map(DeploymentFiles::text).toList();
    }

    /** {@code --name value} pairs of a command line, after its first word (the command). */
    static Map<String, String> options(List<String> command) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i + 1 < command.size(); i += 2) {
            options.put(command.get(i), command.get(i + 1));
        }
        return options;
    }

    // ---- Dockerfile ----------------------------------------------------------------------------

    /** The instructions of one stage ({@code FROM ... AS stage}), continuation lines joined. */
    static List<String> dockerfileStage(String stage) {
        List<String> instructions = new ArrayList<>();
        boolean inStage = false;
        StringBuilder pending = new StringBuilder();
        for (String line : read(DOCKERFILE).split("\n")) {
            String trimmed = line.strip();
            if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            String instruction = pending.append(trimmed).toString();
            pending.setLength(0);
            if (instruction.startsWith("FROM ")) {
                inStage = instruction.endsWith(" AS " + stage);
            } else if (inStage) {
                instructions.add(instruction);
            }
        }
        return instructions;
    }

    /** The {@code ENV} of one stage of the Dockerfile: what every container of that image starts with. */
    static Map<String, String> dockerfileEnv(String stage) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String instruction : dockerfileStage(stage)) {
            if (instruction.startsWith("ENV ")) {
                Matcher pair = ENV_PAIR.matcher(instruction.substring(4));
                while (pair.find()) {
                    env.put(pair.group(1), pair.group(2).replace("\"", ""));
                }
            }
        }
        return env;
    }

    static String dockerfileInstruction(String stage, String keyword) {
        return dockerfileStage(stage).stream()
                .filter(i -> i.startsWith(keyword + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + keyword + " in stage " + stage));
    }

    // ---- Kubernetes ----------------------------------------------------------------------------

    /** {@code KEY=VALUE} lines, as kustomize's {@code envs} generators read them. */
    static Map<String, String> envFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : read(file).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new AssertionError(file + ": not KEY=VALUE: " + line);
            }
            env.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
        }
        return env;
    }

    /** Every object of the files a kustomization lists under {@code resources} (files, not directories). */
    static List<Map<String, Object>> kustomizeResources(Path dir) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String resource : strings(yaml(dir.resolve("kustomization.yaml")).get("resources"), "resources")) {
            Path path = dir.resolve(resource);
            if (Files.isRegularFile(path)) {
                objects.addAll(yamlDocuments(path));
            }
        }
        return objects;
    }

    static Map<String, Object> object(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(text(at(o, "metadata.name"))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static List<Map<String, Object>> objects(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    /** The only container of a workload's pod template. */
    static Map<String, Object> container(Map<String, Object> workload) {
        List<Object> containers = list(at(workload, "spec.template.spec.containers"), "containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return map(containers.get(0), "container");
    }

    /**
     * A container's {@code env}: literal values, and for a {@code fieldRef} the value Kubernetes would
     * give, from {@code fieldValues} (such as {@code metadata.name → orders-eos-0}).
     */
    static Map<String, String> containerEnv(Map<String, Object> container, Map<String, String> fieldValues) {
        Map<String, String> env = new LinkedHashMap<>();
        Object declared = container.get("env");
        if (declared == null) {
            return env;
        }
        for (Object entry : list(declared, "env")) {
            Map<String, Object> variable = map(entry, "env entry");
            String name = text(variable.get("name"));
            if (variable.containsKey("value")) {
                env.put(name, text(variable.get("value")));
            } else {
                String field = text(at(variable, "valueFrom.fieldRef.fieldPath"));
                if (!fieldValues.containsKey(field)) {
                    throw new AssertionError(name + " comes from " + field + ", which the test does not provide");
                }
                env.put(name, fieldValues.get(field));
            }
        }
        return env;
    }

    // ---- Prometheus and Grafana ----------------------------------------------------------------

    /** Every alert rule: its name → the rule. */
    static Map<String, Map<String, Object>> alertRules() {
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        for (Object group : list(yaml(ALERTS).get("groups"), "groups")) {
            for (Object rule : list(map(group, "group").get("rules"), "rules")) {
                Map<String, Object> r = map(rule, "rule");
                rules.put(text(r.get("alert")), r);
            }
        }
        return rules;
    }

    /**
     * Every PromQL expression of the alert rules and of the dashboard (panel targets, and the metric
     * of each {@code label_values} variable), keyed by where it is, for messages.
     */
    static Map<String, String> promqlExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        alertRules().forEach((name, rule) -> expressions.put("alert " + name, text(rule.get("expr"))));
        JsonNode dashboard = json(DASHBOARD);
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.put(
                        "panel '" + panel.path("title").asText() + "' "
                                + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String definition = variable.path("definition").asText();
            Matcher labelValues =
                    Pattern.compile("label_values\\((.*),\\s*\\w+\\)").matcher(definition);
            if (labelValues.matches()) {
                expressions.put("variable " + variable.path("name").asText(), labelValues.group(1));
            }
        }
        return expressions;
    }
}
