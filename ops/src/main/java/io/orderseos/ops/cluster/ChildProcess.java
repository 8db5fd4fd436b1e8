package io.orderseos.ops.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A broker or app instance run as a child process, and what faults do to it: SIGKILL, SIGTERM,
 * SIGSTOP and SIGCONT. Every start runs the same command, environment and working directory (until
 * an upgrade changes them), its output appended to one log; so a harness can kill or pause any of
 * them alike, and a restarted one comes back as it was, as a restarted pod or machine would.
 */
public abstract sealed class ChildProcess implements AutoCloseable permits BrokerProcess, AppProcess, ToolProcess {
    private final String name;
    private final ProcessBuilder builder;
    private final Path log;
    private final boolean killOnExit;
    private final Duration cleanStop;
    private volatile Process process;
    private int starts;
    private boolean paused;

    /**
     * {@code builder} holds the command, environment and working directory; {@code killOnExit}
     * registers every start with the shutdown hook of {@link ChildProcesses}; {@code cleanStop}
     * bounds a clean stop by {@link #close()} or {@link #restart()}.
     */
    ChildProcess(String name, ProcessBuilder builder, Path log, boolean killOnExit, Duration cleanStop) {
        this.name = name;
        this.builder = builder;
        this.log = log;
        this.killOnExit = killOnExit;
        this.cleanStop = cleanStop;
    }

    /** Starts the process, without waiting for it to be ready; fails if it is running. */
    public synchronized void start() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + pid() + ")");
        }
        starts++;
        Process started = ChildProcesses.start(builder, log, name + " start " + starts);
        if (killOnExit) {
            ChildProcesses.killOnExit(started);
        }
        process = started;
        paused = false;
    }

    /**
     * Starts it again with the same command, environment, ports and data, after a fault; one still
     * running is first stopped cleanly ({@link #terminate(Duration)}).
     */
    public abstract void restart() throws IOException, InterruptedException;

    /** Stops it cleanly if it runs, then starts it again. */
    synchronized void stopAndStart() throws IOException, InterruptedException {
        if (isAlive()) {
            terminate(cleanStop);
        }
        start();
    }

    /** SIGKILL, as a crash or the OOM killer would: no clean shutdown. Waits for the exit. */
    public synchronized void kill() throws InterruptedException {
        Process current = current();
        current.destroyForcibly();
        current.waitFor();
        paused = false;
    }

    /**
     * SIGTERM, then waits up to {@code bound} for the exit; SIGKILL after it. Returns the exit code:
     * 143 (or the process's own code) after SIGTERM, 137 after SIGKILL.
     */
    public synchronized int terminate(Duration bound) throws InterruptedException {
        Process current = current();
        requestStop();
        if (!current.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            current.destroyForcibly();
        }
        int code = current.waitFor();
        paused = false;
        return code;
    }

    /** SIGTERM without waiting; a paused process is resumed, else the signal would wait with it. */
    synchronized void requestStop() {
        Process current = current();
        if (!current.isAlive()) {
            return;
        }
        current.destroy();
        if (paused) {
            try {
                Signals.resume(current);
            } catch (IOException e) {
                // It exited between the two signals: nothing left to resume.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            paused = false;
        }
    }

    /** SIGSTOP: it freezes with its sockets open, as in a long GC pause or a stalled VM. */
    public synchronized void pause() throws IOException, InterruptedException {
        Signals.stop(current());
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() throws IOException, InterruptedException {
        Signals.resume(current());
        paused = false;
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** The current start's process id, or the last one's once it has exited. */
    public long pid() {
        return current().pid();
    }

    /** {@code broker-1}, {@code app-2}: as in fault logs and log markers. */
    public String name() {
        return name;
    }

    /** Every start's output, appended, each after a marker line {@code === <name> start <n> ...}. */
    public Path log() {
        return log;
    }

    /** What the next start runs: command, environment, working directory. */
    ProcessBuilder builder() {
        return builder;
    }

    /** The current (or last) start's process; fails if it was never started. */
    Process current() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name + " has not been started");
        }
        return current;
    }

    /** Stops it cleanly if it runs ({@link #terminate(Duration)}), SIGKILL past the bound. */
    @Override
    public void close() {
        if (!isAlive()) {
            return;
        }
        try {
            terminate(cleanStop);
        } catch (InterruptedException e) {
            current().destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
