package io.orderseos.ops;

import io.orderseos.config.ConfigSources;
import io.orderseos.ops.bench.BenchCommand;
import io.orderseos.ops.chaos.ChaosCommand;
import io.orderseos.ops.load.ProduceCommand;
import io.orderseos.ops.replay.ReplayCommand;
import io.orderseos.ops.topics.TopicsCommand;
import io.orderseos.ops.verify.VerifyCommand;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar ops/target/orders-eos-ops.jar <command>}: the operator's tools, one picocli
 * subcommand each. Exit codes: 0 success, 1 failure (a verification that found violations
 * included), 2 bad usage ({@link Usage}) or a bad configuration.
 */
@Command(
        name = "orders-eos-ops",
        header = "The operator's tools of orders-eos.",
        synopsisSubcommandLabel = "<command>",
        commandListHeading = "Commands:%n",
        footer = "Run orders-eos-ops <command> --help for a command's options.",
        exitCodeList = {"0:success", "1:failure (a verification that found violations included)", "2:bad usage"})
public final class OpsMain {
    private static final String EXIT_CODES = "Exit codes:%n";

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            scope = ScopeType.INHERIT,
            description = "show this help and exit")
    private boolean help;

    private OpsMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command in this JVM (tests, harnesses): its exit code, output on {@code out}, errors on {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    /**
     * The command line, every command writing to {@code out} and usage errors going to {@code
     * err}; tests parse with it to get a command with its options set.
     */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new OpsMain())
                .addSubcommand(new LocalCommand(out))
                .addSubcommand(new ProduceCommand(out))
                .addSubcommand(new VerifyCommand(out))
                .addSubcommand(new ChaosCommand(out))
                .addSubcommand(new TopicsCommand(out))
                .addSubcommand(new ReplayCommand(out))
                .addSubcommand(new BenchCommand(out));
        OptionTypes.register(line);
        line.getCommandSpec().usageMessage().exitCodeListHeading(EXIT_CODES);
        line.getSubcommands().values().forEach(command -> command.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading(EXIT_CODES)
                .sortOptions(false) // as declared: the main ones first
                .sortSynopsis(false));
        return line.setOut(writer(out))
                .setErr(writer(err))
                .setExpandAtFiles(false) // an option value may start with @
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUsageHelpWidth(100)
                .setParameterExceptionHandler(Usage::report)
                .setExecutionExceptionHandler(OpsMain::failed);
    }

    /**
     * A command that failed: a bad setting found while it ran (an {@link IllegalArgumentException}
     * such as a topic with another partition count, a configuration key) exits 2, anything else 1.
     */
    private static int failed(Exception e, CommandLine line, ParseResult parsed) {
        PrintWriter err = line.getErr();
        String name = line.getCommandSpec().qualifiedName();
        int code;
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            code = 1;
        } else if (e instanceof IllegalArgumentException
                || e instanceof ConfigSources.UsageException
                || e instanceof ConfigException) {
            err.println(name + ": " + e.getMessage());
            code = 2;
        } else {
            err.println(name + " failed: " + e.getMessage());
            code = 1;
        }
        err.flush();
        return code;
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(stream, true);
    }
}
