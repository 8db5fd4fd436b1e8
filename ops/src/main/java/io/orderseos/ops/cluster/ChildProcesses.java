package io.orderseos.ops.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Starts the child processes of a harness, each appending to its own log, and makes sure none
 * outlives it: brokers and app instances left behind would hold ports and disk and skew the next
 * run. Two guards, because a shutdown hook does not run when the harness itself is SIGKILLed:
 *
 * <ul>
 *   <li>a shutdown hook SIGKILLs the children registered with {@link #killOnExit(Process)} as soon
 *       as this JVM begins to shut down (Ctrl-C, SIGTERM, the end of a test run);
 *   <li>every child has a watchdog, a tiny {@code sh} blocked reading a pipe from this JVM. The OS
 *       closes that pipe however this JVM ends, even by SIGKILL; the watchdog then SIGKILLs the
 *       child. The app is run exactly as a container runs it, so it cannot watch for itself.
 * </ul>
 */
final class ChildProcesses {
    private static final Set<Process> KILL_ON_EXIT = ConcurrentHashMap.newKeySet();

    /**
     * Each running child's watchdog, held here: a collected {@link Process} closes its pipes, and
     * the watchdog would take that for the end of this JVM.
     */
    private static final Map<Process, Process> WATCHDOGS = new ConcurrentHashMap<>();

    private static final String WATCHDOG_SCRIPT = "read -r line; kill -9 \"$1\"";

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> KILL_ON_EXIT.forEach(Process::destroyForcibly), "orders-eos-kill-child-processes"));
    }

    private ChildProcesses() {}

    /** The {@code java} launcher of this JVM, so that children run on the same Java. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's class path with absolute entries: a child runs in another working directory. */
    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Starts {@code builder} with stdout and stderr appended to {@code log}, after a marker line
     * that tells one start from the next when a process is restarted after a fault, and with its
     * watchdog.
     */
    static Process start(ProcessBuilder builder, Path log, String marker) throws IOException {
        appendMarker(log, marker);
        Process child = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process watchdog;
        try {
            watchdog = new ProcessBuilder(
                            List.of("sh", "-c", WATCHDOG_SCRIPT, "orders-eos-watchdog", Long.toString(child.pid())))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            child.destroyForcibly();
            throw e;
        }
        WATCHDOGS.put(child, watchdog);
        child.onExit().thenRun(() -> {
            // Through the handle, which only signals: Process.destroyForcibly() would also close the
            // pipe, and the watchdog could read its end and kill a process id that is no longer ours.
            watchdog.toHandle().destroyForcibly();
            WATCHDOGS.remove(child);
        });
        return child;
    }

    /** Appends {@code === <marker> at <now> ===} to {@code log}, creating it if need be. */
    static void appendMarker(Path log, String marker) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(
                log,
                "=== " + marker + " at " + Instant.now() + " ===" + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** SIGKILLs {@code process} as soon as this JVM shuts down, unless it has exited by then. */
    static void killOnExit(Process process) {
        KILL_ON_EXIT.add(process);
        process.onExit().thenRun(() -> KILL_ON_EXIT.remove(process));
    }
}
