package io.orderseos.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where the configuration comes from, lowest precedence first: the built-in defaults, an optional
 * properties file ({@code --config FILE}), then environment variables. {@code KAFKA_FOO_BAR=x}
 * becomes the Kafka property {@code foo.bar=x}; {@code ORDERS_FOO_BAR=x} the app property {@code
 * orders.foo.bar=x}; {@code APICURIO_FOO_BAR=x} the schema registry client's {@code apicurio.foo.bar=x}
 * (a key with a hyphen, such as {@code apicurio.registry.auto-register}, needs the file). Kafka's launcher variables ({@code KAFKA_HEAP_OPTS} and the like) are not
 * properties and are ignored.
 */
public final class ConfigSources {
    /** The command line is wrong: say so and exit 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = "usage: orders-eos [--config FILE]\n"
            + "  Configuration: built-in defaults < FILE (Java properties) < environment.\n"
            + "  KAFKA_FOO_BAR=x sets Kafka property foo.bar; ORDERS_FOO_BAR=x sets orders.foo.bar;\n"
            + "  APICURIO_FOO_BAR=x sets the schema registry client's apicurio.foo.bar.";

    private static final Set<String> LAUNCHER_VARIABLES = Set.of(
            "KAFKA_HEAP_OPTS",
            "KAFKA_OPTS",
            "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_LOG4J_OPTS",
            "KAFKA_JMX_OPTS",
            "KAFKA_GC_LOG_OPTS",
            "KAFKA_DEBUG",
            "KAFKA_HOME");

    private ConfigSources() {}

    /** The configuration for this command line and environment; fails on any bad key or value. */
    public static OrdersConfig load(List<String> args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        Path file = configFile(args);
        if (file != null) {
            values.putAll(readProperties(file));
        }
        values.putAll(fromEnvironment(env));
        return OrdersConfig.of(values);
    }

    /** The properties named by environment variables, by the mapping above. */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !LAUNCHER_VARIABLES.contains(name)) {
                values.put(propertyName(name.substring("KAFKA_".length())), value);
            } else if (name.startsWith("ORDERS_")) {
                values.put("orders." + propertyName(name.substring("ORDERS_".length())), value);
            } else if (name.startsWith("APICURIO_")) {
                values.put("apicurio." + propertyName(name.substring("APICURIO_".length())), value);
            }
        });
        return values;
    }

    private static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Path configFile(List<String> args) {
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--config") && i + 1 < args.size()) {
                file = Path.of(args.get(++i));
            } else if (arg.startsWith("--config=")) {
                file = Path.of(arg.substring("--config=".length()));
            } else {
                throw new UsageException("unexpected argument '" + arg + "'\n" + USAGE);
            }
        }
        return file;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("--config", file.toString(), "cannot read the file: " + e);
        }
        Map<String, String> values = new HashMap<>();
        props.stringPropertyNames().forEach(name -> values.put(name, props.getProperty(name)));
        return values;
    }
}
