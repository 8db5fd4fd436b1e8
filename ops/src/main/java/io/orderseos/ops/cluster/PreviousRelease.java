package io.orderseos.ops.cluster;

import io.orderseos.compat.ReleaseDescription;
import io.orderseos.compat.Releases;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The app jar of the release the code at hand replaces in a rolling upgrade: the newest recorded
 * release ({@link Releases#previous()}), built from the commit its description names. Built once per
 * project checkout, from this repository's own history ({@code git archive}, then the release's own
 * {@code mvn package}), and kept under {@code target/previous-release/<release>-<commit>/}.
 */
public final class PreviousRelease {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

    private final ReleaseDescription release;
    private final Path root;

    private PreviousRelease(ReleaseDescription release, Path root) {
        this.release = release;
        this.root = root;
    }

    /** The previous release of the project checkout the working directory is in. */
    public static PreviousRelease ofThisCheckout() throws IOException, InterruptedException {
        String top;
        try {
            top = run(Path.of("").toAbsolutePath(), List.of("git", "rev-parse", "--show-toplevel"), null)
                    .strip();
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("the previous release is built from this repository's history: run this"
                    + " in a git checkout of orders-eos, or give the release's jar with --previous-jar ("
                    + e.getMessage() + ")");
        }
        return new PreviousRelease(Releases.previous(), Path.of(top));
    }

    /** Its version, as {@code orders.upgrade.from} names it. */
    public String name() {
        return release.release();
    }

    public String commit() {
        return release.commit();
    }

    /**
     * The release's {@code orders-eos.jar}, built first if this checkout has not built it yet
     * (about a minute; the build's output goes to {@code build.log} beside the jar).
     *
     * @throws IllegalStateException if the commit is not in this clone's history, or the build fails
     */
    public Path jar(PrintStream out) throws IOException, InterruptedException {
        Path home =
                root.resolve("target").resolve("previous-release").resolve(name() + "-" + commit().substring(0, 12));
        Path jar = home.resolve("orders-eos.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(home);
        Path log = home.resolve("build.log");
        try {
            run(root, List.of("git", "cat-file", "-e", commit() + "^{commit}"), null);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("commit " + commit() + " of release " + name()
                    + " is not in this clone's history (a shallow clone? git fetch --unshallow), or give the"
                    + " release's jar with --previous-jar");
        }
        Path source = Files.createTempDirectory(home, "source-");
        out.printf(
                "building release %s (commit %.12s) for the upgrade: git archive and mvn package, about a minute;"
                        + " output in %s%n",
                name(), commit(), log);
        try {
            Path archive = source.resolve("release.tar");
            run(root, List.of("git", "archive", "--format=tar", "-o", archive.toString(), commit()), log);
            run(source, List.of("tar", "-xf", archive.toString()), log);
            // The release's own build, its format check left out: a newer JDK may format otherwise.
            run(
                    source,
                    List.of(
                            "mvn",
                            "-B",
                            "-q",
                            "-DskipTests",
                            "-Dspotless.check.skip=true",
                            "-pl",
                            "topology",
                            "-am",
                            "package"),
                    log);
            // Complete or absent: a build cut off halfway leaves no jar to be taken for the release's.
            Path partial = Files.createTempFile(home, "orders-eos", ".jar.partial");
            Files.copy(
                    source.resolve("topology").resolve("target").resolve("orders-eos.jar"),
                    partial,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(source);
        }
        out.printf("built release %s: %s%n", name(), jar);
        return jar;
    }

    /** Runs {@code command} in {@code dir}; its output, appended to {@code log} if given, else returned. */
    private static String run(Path dir, List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Path output = log != null ? log : Files.createTempFile("orders-eos-command", ".log");
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        Process process = builder.start();
        try {
            if (!process.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + BUILD_TIMEOUT);
            }
            String printed = log != null ? "" : Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + (log != null ? "; see " + log : ": " + printed.strip()));
            }
            return printed;
        } finally {
            if (log == null) {
                Files.deleteIfExists(output);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
