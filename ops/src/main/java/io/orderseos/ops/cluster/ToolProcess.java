package io.orderseos.ops.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code main} class of the harness's own class path run as a child process, with JVM options of
 * its own: a client that must not share the harness's heap, threads and CPU time with what it is
 * measured against (the benchmark's raw transactional copy runs in a JVM set up as an app
 * instance's). Its output is appended to {@code <dir>/<name>.log}; it dies with the harness.
 */
public final class ToolProcess extends ChildProcess {
    private static final Duration CLEAN_STOP = Duration.ofSeconds(30);

    private ToolProcess(String name, ProcessBuilder builder, Path log) {
        super(name, builder, log, true, CLEAN_STOP);
    }

    /**
     * {@code java <jvmOptions> -cp <this JVM's class path> <mainClass> <args>} in {@code dir}; not
     * started yet.
     */
    public static ToolProcess create(
            String name, Path dir, List<String> jvmOptions, Class<?> mainClass, List<String> args) throws IOException {
        Path home = dir.toAbsolutePath();
        Files.createDirectories(home);
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(ChildProcesses.classPath());
        command.add(mainClass.getName());
        command.addAll(args);
        return new ToolProcess(name, new ProcessBuilder(command).directory(home.toFile()), home.resolve(name + ".log"));
    }

    /** Starts it again with the same command; one still running is first stopped cleanly. */
    @Override
    public void restart() throws IOException, InterruptedException {
        stopAndStart();
    }
}
