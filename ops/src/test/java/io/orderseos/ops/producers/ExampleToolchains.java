package io.orderseos.ops.producers;

import io.orderseos.ops.deploy.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds what the Python and Node.js producer examples need, where a machine has it: the build needs
 * neither (CI may have only Java and Maven), and their tests are skipped, naming what is missing,
 * where it is not there.
 */
final class ExampleToolchains {
    /** A python3 to use instead of looking for one. */
    static final String PYTHON = "PRODUCER_EXAMPLES_PYTHON";
    /** A {@code node_modules} directory holding avsc and kafkajs. */
    static final String NODE_MODULES = "PRODUCER_EXAMPLES_NODE_PATH";

    static final String PYTHON_MISSING = "no python3 that imports avro and confluent_kafka (tried %s): install"
            + " them (Debian: apt-get install python3-avro python3-confluent-kafka; else pip install avro"
            + " confluent-kafka), or name such a python3 with " + PYTHON;
    static final String NODE_MISSING = "%s: npm install --prefix DIR avsc@5.7.9 kafkajs@2.2.4 and set " + NODE_MODULES
            + "=DIR/node_modules (node and npm: Debian's nodejs and npm)";

    private ExampleToolchains() {}

    /**
     * The python3 to run the example with: {@value #PYTHON} if set, else {@code python3} on the
     * PATH, else Debian's {@code /usr/bin/python3} (a pyenv python3 on the PATH lacks the Debian
     * packages' modules), whichever first imports both modules.
     */
    static Optional<String> python() throws InterruptedException {
        for (String candidate : pythonCandidates()) {
            try {
                if (Tool.run(Path.of("."), candidate, "-c", "import avro, confluent_kafka")
                                .exitCode()
                        == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // not installed under this name: the next one
            }
        }
        return Optional.empty();
    }

    static List<String> pythonCandidates() {
        String named = System.getenv(PYTHON);
        if (named != null && !named.isBlank()) {
            return List.of(named);
        }
        List<String> candidates = new ArrayList<>(List.of("python3"));
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            candidates.add("/usr/bin/python3");
        }
        return candidates;
    }

    /** {@code node} and the {@code node_modules} with avsc and kafkajs, or why the example cannot run. */
    static Node node() {
        Optional<Path> node = Tool.onPath("node");
        if (node.isEmpty()) {
            return new Node(null, null, String.format(NODE_MISSING, "node is not on the PATH"));
        }
        String named = System.getenv(NODE_MODULES);
        if (named == null || named.isBlank()) {
            return new Node(null, null, String.format(NODE_MISSING, NODE_MODULES + " is not set"));
        }
        Path modules = Path.of(named).toAbsolutePath();
        for (String module : List.of("avsc", "kafkajs")) {
            if (!Files.isDirectory(modules.resolve(module))) {
                return new Node(null, null, String.format(NODE_MISSING, module + " is not in " + modules));
            }
        }
        return new Node(node.get(), modules, null);
    }

    /** Node.js and its modules, or (both null) why they cannot be used. */
    record Node(Path executable, Path modules, String missing) {
        boolean present() {
            return missing == null;
        }
    }
}
