package io.orderseos.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The CPU time another process spends, read from outside: {@code /proc/<pid>/stat}'s {@code utime}
 * and {@code stime} (user and system, in clock ticks), sampled every 100 ms with the time of the
 * sample, so that the CPU a process spent between two moments of a measurement (its first and last
 * output) can be told apart from what it spent starting up. On a shared machine CPU per record is
 * steady where wall time is not: another process's load lengthens the run, not its CPU time.
 */
final class CpuSampler implements AutoCloseable {
    private static final long EVERY_MS = 100;
    /** Linux's {@code USER_HZ}, what {@code /proc} counts in (100 on every common architecture). */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private final long pid;
    private final List<long[]> samples = new ArrayList<>(); // {nanoTime, cpuNanos}
    private final Thread reader;
    private volatile boolean closed;

    private CpuSampler(long pid) {
        this.pid = pid;
        this.reader = Background.start("bench-cpu-" + pid, this::read);
    }

    /** Starts sampling process {@code pid} (it may still be starting). */
    static CpuSampler start(long pid) {
        return new CpuSampler(pid);
    }

    private void read() {
        while (!closed) {
            OptionalLong cpu = cpuNanos(pid);
            if (cpu.isPresent()) {
                synchronized (samples) {
                    samples.add(new long[] {System.nanoTime(), cpu.getAsLong()});
                }
            }
            try {
                Thread.sleep(EVERY_MS); // sampling another process's counters; nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The CPU time the process spent from {@code fromNanos} to {@code toNanos} ({@link System#nanoTime}):
     * from the last sample at or before the stretch to the first at or after it, read now if the
     * stretch has ended since the last sample; or -1 if there is no sample before it, or it has not
     * ended, or the process is gone, rather than a figure for part of it. Bracketing, a stretch
     * shorter than the sampling period (a tiny run on a fast machine) is not measured between two
     * nearest samples that are one and the same, as zero; it counts at most a sample's worth
     * (100 ms) more at either end.
     */
    long cpuNanosBetween(long fromNanos, long toNanos) {
        synchronized (samples) {
            long[] from = null;
            for (long[] sample : samples) { // in the order they were taken
                if (sample[0] <= fromNanos) {
                    from = sample;
                }
                if (sample[0] >= toNanos) {
                    return from == null ? -1 : sample[1] - from[1];
                }
            }
            if (from == null || System.nanoTime() < toNanos) {
                return -1;
            }
            OptionalLong now = cpuNanos(pid);
            return now.isPresent() ? now.getAsLong() - from[1] : -1;
        }
    }

    /** User plus system CPU time of process {@code pid} so far, if it runs and this is Linux. */
    static OptionalLong cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // pid (comm) state ppid ...: comm may hold spaces and parentheses, so count from the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14, 15
            return OptionalLong.of(ticks * 1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        Background.join(reader);
    }
}
