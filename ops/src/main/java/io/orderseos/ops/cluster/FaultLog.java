package io.orderseos.ops.cluster;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What a chaos run did and when, in seconds since the run began ("12.3 s kill -9 app-2 (pid 1234)"):
 * printed as it happens, and kept for the final report, so that a verifier's finding can be laid
 * next to the fault that caused it.
 */
public final class FaultLog {
    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final List<String> lines = new ArrayList<>();

    /** Time counts from now. */
    public FaultLog(PrintStream out) {
        this(out, System::nanoTime);
    }

    FaultLog(PrintStream out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /** Records {@code event} with the time since the start, prints it and returns the line. */
    public synchronized String record(String event) {
        double seconds = (nanoTime.getAsLong() - startNanos) / 1e9;
        String line = String.format(Locale.ROOT, "%.1f s %s", seconds, event);
        lines.add(line);
        out.println(line);
        return line;
    }

    /** Records a fault done to a process: {@code "kill -9 app-2 (pid 1234)"}. */
    public String record(String fault, String target, long pid) {
        return record(fault + " " + target + " (pid " + pid + ")");
    }

    /** Every line so far, in order. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
