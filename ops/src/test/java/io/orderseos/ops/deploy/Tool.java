package io.orderseos.ops.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An external tool (the validators docker-compose, kubectl, promtool; the producer examples'
 * python3 and node) run as a process, when it is installed: the build must not need any of them,
 * but checks with each where it is there.
 */
public final class Tool {
    private static final long TIMEOUT_SECONDS = 120;

    public record Result(int exitCode, String output) {}

    private Tool() {}

    /** The executable {@code name} on the PATH, if any. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the test unless {@code installed}, saying why on the build's console as well as in its report. */
    public static void assumeInstalled(boolean installed, String reason) {
        if (!installed) {
            System.out.println("SKIPPED " + reason);
        }
        Assumptions.assumeTrue(installed, reason);
    }

    /** Runs {@code command} in {@code dir}, output and errors together; fails past two minutes. */
    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
