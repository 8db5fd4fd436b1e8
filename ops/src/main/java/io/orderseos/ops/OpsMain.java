package io.orderseos.ops;

import io.orderseos.ops.load.ProduceCommand;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar ops/target/orders-eos-ops.jar <command>}: the operator's tools. Exit codes: 0
 * success, 1 failure, 2 bad usage.
 */
public final class OpsMain {
    static final String USAGE =
            """
            usage: orders-eos-ops <command> [options]
              local     run a real local Kafka broker, orders-eos and a sample stream (no Docker)
              produce   send a deterministic load of order events, anomalies included, to a topic
            Run orders-eos-ops <command> --help for a command's options.""";

    private OpsMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command in this JVM (tests, harnesses): its exit code, output on {@code out}, errors on {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
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
                case "produce" -> {
                    if (options.containsKey("help")) {
                        out.println(ProduceCommand.USAGE);
                        return 0;
                    }
                    return new ProduceCommand(out).run(options);
                }
                default -> {
                    err.println("orders-eos-ops: unknown command '" + args[0] + "'\n" + USAGE);
                    return 2;
                }
            }
        } catch (NumberFormatException e) {
            err.println("orders-eos-ops: expected a number: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("orders-eos-ops " + args[0] + ": " + e.getMessage());
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
