package io.orderseos.ops;

import io.orderseos.config.ConfigSources;
import io.orderseos.ops.bench.BenchCommand;
import io.orderseos.ops.chaos.ChaosCommand;
import io.orderseos.ops.load.ProduceCommand;
import io.orderseos.ops.replay.ReplayCommand;
import io.orderseos.ops.topics.TopicsCommand;
import io.orderseos.ops.verify.VerifyCommand;
import java.io.PrintStream;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@code java -jar ops/target/orders-eos-ops.jar <command>}: the operator's tools. Exit codes: 0
 * success, 1 failure (a verification that found violations included), 2 bad usage.
 */
public final class OpsMain {
    static final String USAGE =
            """
            usage: orders-eos-ops <command> [options]
              local       run a real local Kafka broker, orders-eos and a sample stream (no Docker)
              produce     send a deterministic load of order events, anomalies included, to a topic
              verify      check that orders-eos processed its input exactly once (exit 1 if not)
              chaos       kill, pause and restart real brokers and instances under load, then verify
              topics      create the app's topics as specified, or check a cluster against the spec
              dlq-replay  replay chosen dead letters to the input topic, each exactly once
              bench       measure throughput, latency, failover, restore and footprint against real processes
            Run orders-eos-ops <command> --help for a command's options.""";

    /** A command, run with the options parsed from its arguments. */
    private interface Command {
        int run(Map<String, String> options) throws Exception;
    }

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
        Map<String, Supplier<String>> usages = Map.of(
                "local", () -> LocalCommand.USAGE,
                "produce", () -> ProduceCommand.USAGE,
                "verify", () -> VerifyCommand.USAGE,
                "chaos", ChaosCommand::usage,
                "topics", () -> TopicsCommand.USAGE,
                "dlq-replay", () -> ReplayCommand.USAGE,
                "bench", () -> BenchCommand.USAGE);
        Map<String, Command> commands = Map.of(
                "local", options -> new LocalCommand(out).run(options),
                "produce", options -> new ProduceCommand(out).run(options),
                "verify", options -> new VerifyCommand(out).run(options),
                "chaos", options -> new ChaosCommand(out).run(options),
                "topics", options -> new TopicsCommand(out).run(options),
                "dlq-replay", options -> new ReplayCommand(out).run(options),
                "bench", options -> new BenchCommand(out).run(options));
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("orders-eos-ops: unknown command '" + args[0] + "'\n" + USAGE);
            return 2;
        }
        try {
            Map<String, String> options = options(args);
            if (options.containsKey("help")) {
                out.println(usages.get(args[0]).get());
                return 0;
            }
            return command.run(options);
        } catch (NumberFormatException e) {
            err.println("orders-eos-ops " + args[0] + ": expected a number: " + e.getMessage());
            return 2;
        } catch (DateTimeParseException e) {
            err.println("orders-eos-ops " + args[0] + ": expected an ISO-8601 duration such as PT5M: "
                    + e.getParsedString());
            return 2;
        } catch (IllegalArgumentException | ConfigSources.UsageException | ConfigException e) {
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
