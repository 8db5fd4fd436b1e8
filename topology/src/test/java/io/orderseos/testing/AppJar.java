package io.orderseos.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deployable jar ({@code target/orders-eos.jar}, built by {@code package}) as a real process,
 * configured only through the environment as a container runs it, its output in a file.
 */
public final class AppJar {
    private static final Path JAR = Path.of("target", "orders-eos.jar");

    private AppJar() {}

    /** Starts it with {@code env} (no KAFKA_* or ORDERS_* variable of this JVM's) and these JVM options. */
    public static Process start(Map<String, String> env, List<String> jvmOptions, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("ORDERS_"));
        builder.environment().putAll(env);
        return builder.start();
    }
}
