package io.orderseos.ops;

import io.orderseos.config.ConfigSources;
import io.orderseos.ops.verify.VerifyCommand;
import java.io.PrintStream;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@code java -jar ops/target/orders-eos-ops.jar <command>}: the operator's tools. Exit codes: 0
 * success, 1 failure, 2 bad usage.
 */
public final class OpsMain {
    static final String USAGE =
            """
            usage: orders-eos-ops <command> [options]
              local     run a real local Kafka broker, orders-eos and a sample stream (no Docker)
              verify    check that orders-eos processed its input exactly once (exit 1 if not)
            Run orders-eos-ops <command> --help for a command's options.""";

    private OpsMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            err.println("orders-eos-ops: " + e.getMessage());
            return 2;
        }
        try {
            switch (args[0]) {
                case "local" -> {
                    if (options.containsKey("help")) {
                        out.println(LocalCommand.USAGE);
                        return 0;
                    }
                    return new LocalCommand(out).run(options);
                }
                case "verify" -> {
                    if (options.containsKey("help")) {
                        out.println(VerifyCommand.USAGE);
                        return 0;
                    }
                    return new VerifyCommand(out).run(options);
                }
                default -> {
                    err.println("orders-eos-ops: unknown command '" + args[0] + "'\n" + USAGE);
                    return 2;
                }
            }
        } catch (NumberFormatException e) {
            err.println("orders-eos-ops: expected a number: " + e.getMessage());
            return 2;
        } catch (DateTimeParseException e) {
            err.println("orders-eos-ops: expected an ISO-8601 duration such as PT5M: " + e.getParsedString());
            return 2;
        } catch (ConfigSources.UsageException | ConfigException e) {
            err.println("orders-eos-ops: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("orders-eos-ops " + args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** {@code --name value} and {@code --flag} after the command. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(name, args[++i]);
            } else {
                options.put(name, "");
            }
        }
        return options;
    }
}
