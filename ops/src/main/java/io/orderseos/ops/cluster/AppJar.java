package io.orderseos.ops.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the deployable app jar, {@code topology/target/orders-eos.jar}: the harness runs what a
 * container runs, not classes off its own class path.
 */
public final class AppJar {
    /** System property naming the jar, for runs from elsewhere than the project. */
    public static final String PROPERTY = "orders.app.jar";

    private static final Path IN_PROJECT = Path.of("topology", "target", "orders-eos.jar");

    private AppJar() {}

    /** The jar named by {@value #PROPERTY}, else the project's, looked up as {@link #locate(String)} does. */
    public static Path locate() {
        return locate(System.getProperty(PROPERTY));
    }

    /**
     * {@code explicit} if given (an option's value; null or blank: not given), else {@code
     * topology/target/orders-eos.jar} under the working directory or its parent (a module's tests
     * run in the module's directory).
     */
    public static Path locate(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            Path jar = Path.of(explicit).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("the orders-eos jar " + jar + " does not exist");
            }
            return jar;
        }
        Path here = Path.of("").toAbsolutePath();
        List<Path> candidates = here.getParent() == null
                ? List.of(here.resolve(IN_PROJECT))
                : List.of(here.resolve(IN_PROJECT), here.getParent().resolve(IN_PROJECT));
        return candidates.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("orders-eos.jar not found at " + candidates
                        + ": build it with mvn -DskipTests package, or name it with -D" + PROPERTY + "="));
    }
}
