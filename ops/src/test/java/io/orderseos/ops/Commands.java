package io.orderseos.ops;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
}
