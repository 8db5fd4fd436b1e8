package io.orderseos.ops.cluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every instance of a harness's app shares: the jar, the brokers, extra environment (such as
 * {@code KAFKA_COMMIT_INTERVAL_MS}) and JVM options. What differs per instance (HTTP port, state
 * directory, advertised address) {@link AppProcess} sets, over any value given here.
 */
public record AppSettings(Path jar, String bootstrapServers, Map<String, String> env, List<String> jvmOptions) {

    public AppSettings {
        env = Map.copyOf(env);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** No extra environment; a 512 MB heap, modest beside brokers on a shared machine. */
    public static AppSettings of(Path jar, String bootstrapServers) {
        return new AppSettings(jar, bootstrapServers, Map.of(), List.of("-Xmx512m"));
    }

    /** With one more environment variable, {@code KAFKA_*} or {@code ORDERS_*} as the app reads them. */
    public AppSettings withEnv(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(env);
        more.put(name, value);
        return new AppSettings(jar, bootstrapServers, more, jvmOptions);
    }

    /** The same instances from another jar: an upgrade. */
    public AppSettings withJar(Path other) {
        return new AppSettings(other, bootstrapServers, env, jvmOptions);
    }

    /** Without the environment variable {@code name}. */
    public AppSettings withoutEnv(String name) {
        Map<String, String> less = new LinkedHashMap<>(env);
        less.remove(name);
        return new AppSettings(jar, bootstrapServers, less, jvmOptions);
    }

    /** With these JVM options instead of the current ones. */
    public AppSettings withJvmOptions(String... options) {
        return new AppSettings(jar, bootstrapServers, env, List.of(options));
    }
}
