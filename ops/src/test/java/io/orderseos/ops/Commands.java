package io.orderseos.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Runs an ops command in this JVM as the jar would, and keeps what it printed. */
public final class Commands {
    /** The exit code and what the command printed on standard output and on standard error. */
    public record Result(int code, String out, String err) {
        /** Both streams, for assertions that do not care which. */
        public String all() {
            return out + err;
        }
    }

    private Commands() {}

    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OpsMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The command {@code args} name, with the options picocli parsed from them set, not run; it
     * writes nowhere. Usage errors picocli finds are its {@link ParameterException}.
     */
    public static <T> T parse(Class<T> command, String... args) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        ParseResult parsed = OpsMain.commandLine(nowhere, nowhere).parseArgs(args);
        return command.cast(parsed.subcommand().commandSpec().userObject());
    }

    /**
     * Like {@link #run(String...)}, and both streams go to the console as they are written too: for
     * commands that take minutes, whose progress a test run should show.
     */
    public static Result runShowing(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OpsMain.run(
                args,
                new PrintStream(new Tee(out, System.out), true, StandardCharsets.UTF_8),
                new PrintStream(new Tee(err, System.err), true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
