package io.orderseos.ops;

import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Bad usage, one way for every command: picocli's own findings (an unknown option, a value that does
 * not parse, a missing value or required option) and the values a command refuses are all a {@link
 * ParameterException}, reported on standard error with the command's name, what was wrong and where
 * to read its options, exit code 2.
 */
public final class Usage {
    private Usage() {}

    /**
     * Builds a command's options from what picocli parsed; a value the options refuse (their {@link
     * IllegalArgumentException}, which names the option) is bad usage.
     */
    public static <T> T checked(CommandSpec spec, Supplier<T> options) {
        try {
            return options.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** {@code value} of {@code option}, which must be at least {@code min}. */
    public static long atLeast(CommandSpec spec, String option, long value, long min) {
        require(spec, value >= min, option + " must be at least " + min + ", was '" + value + "'");
        return value;
    }

    /** Bad usage, saying {@code message}, unless {@code valid}. */
    public static void require(CommandSpec spec, boolean valid, String message) {
        if (!valid) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /**
     * Reports {@code e}: the message, what a missing option takes, close option names for a misspelt
     * one, then the top-level usage (the commands) or a pointer to the command's help.
     */
    static int report(ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        CommandSpec spec = line.getCommandSpec();
        PrintWriter err = line.getErr();
        err.println(spec.qualifiedName() + ": " + e.getMessage());
        if (e instanceof CommandLine.MissingParameterException missing) {
            for (ArgSpec arg : missing.getMissing()) {
                if (arg instanceof OptionSpec option) {
                    err.println("  " + option.longestName() + ": " + String.join(" ", arg.description()));
                }
            }
        }
        UnmatchedArgumentException.printSuggestions(e, err);
        if (line.getParent() == null) {
            line.usage(err);
        } else {
            err.println("Run " + spec.qualifiedName() + " --help for its options.");
        }
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }
}
