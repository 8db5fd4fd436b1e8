package io.orderseos.ops.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap and resident memory of another JVM while it works, read from outside so the measured
 * process runs unchanged: the JDK's {@code jstat -gc <pid> 1000} samples its heap once a second
 * from the counters the JVM publishes anyway ({@code hsperfdata}: no attach, no safepoint), and
 * {@code /proc/<pid>/status} gives the peak resident set ({@code VmHWM}) the kernel keeps. Heap
 * used is the sum of the young, survivor and old spaces' {@code used} columns, garbage included,
 * so its peak is the most the heap held, not the live set.
 */
final class MemorySampler implements AutoCloseable {
    /** jstat gives up on a JVM that has not yet published its counters; it is asked again after this. */
    private static final long RETRY_MS = 500;

    private final long pid;
    private final Path jstat;
    private final Thread reader;
    private volatile Process current;
    private volatile boolean closed;
    private volatile long peakHeapKb = -1;
    private volatile double gcSeconds = -1;

    private MemorySampler(long pid, Path jstat) {
        this.pid = pid;
        this.jstat = jstat;
        this.reader = Background.start("bench-jstat-" + pid, this::read);
    }

    /** Starts sampling process {@code pid}, a JVM of the same user (it may still be starting). */
    static MemorySampler start(long pid) {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        if (!Files.isExecutable(jstat)) {
            throw new IllegalStateException(
                    jstat + " not found: the benchmark samples heap with the JDK's jstat; run it on a JDK, not a JRE");
        }
        return new MemorySampler(pid, jstat);
    }

    /** Runs jstat until closed, again whenever it ends early (a JVM just started has no counters yet). */
    private void read() {
        while (!closed && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                current = new ProcessBuilder(List.of(jstat.toString(), "-gc", Long.toString(pid), "1000"))
                        .redirectErrorStream(true)
                        .start();
                if (closed) {
                    current.destroy();
                }
                readLines(current);
                Thread.sleep(RETRY_MS);
            } catch (IOException e) {
                return; // jstat cannot run: the figures stay unknown (-1)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void readLines(Process process) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            List<String> header = null;
            String line;
            while ((line = lines.readLine()) != null) {
                List<String> fields = Arrays.asList(line.trim().split("\\s+"));
                if (fields.contains("EU")) {
                    header = fields;
                } else if (header != null && fields.size() == header.size()) {
                    sample(header, fields);
                }
            }
        } catch (IOException e) {
            // jstat ended: the samples so far stand.
        }
    }

    /** One line of jstat; a line with a column it cannot fill yet ({@code -}) is skipped. */
    private void sample(List<String> header, List<String> fields) {
        try {
            double usedKb = 0;
            for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                usedKb += Double.parseDouble(fields.get(header.indexOf(column)));
            }
            double gc = Double.parseDouble(fields.get(header.indexOf("GCT")));
            peakHeapKb = Math.max(peakHeapKb, (long) usedKb);
            gcSeconds = gc;
        } catch (NumberFormatException e) {
            // not a sample
        }
    }

    /**
     * What was sampled; call it while the process still runs (its peak RSS dies with it). Stops
     * sampling.
     */
    Summary finish() {
        long peakRssKb = statusKb("VmHWM");
        long rssKb = statusKb("VmRSS");
        close();
        return new Summary(peakHeapKb, peakRssKb, rssKb, gcSeconds);
    }

    /** A {@code kB} line of {@code /proc/<pid>/status}, or -1 if there is none (not Linux, exited). */
    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(
                            line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        closed = true;
        Process process = current;
        if (process != null) {
            process.destroy();
        }
        reader.interrupt(); // from its pause between two jstat runs
        Background.join(reader);
    }

    /**
     * Peak heap used (sampled each second) and peak resident set in kB, the resident set at the end,
     * and the JVM's total GC time in seconds; -1 where nothing could be read.
     */
    record Summary(long peakHeapKb, long peakRssKb, long rssKb, double gcSeconds) {
        boolean complete() {
            return peakHeapKb > 0 && peakRssKb > 0 && rssKb > 0 && gcSeconds >= 0;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("peakHeapMb", peakHeapKb / 1024.0);
            json.put("peakRssMb", peakRssKb / 1024.0);
            json.put("rssAtEndMb", rssKb / 1024.0);
            json.put("gcSeconds", gcSeconds);
            return json;
        }

        @Override
        public String toString() {
            return "heap peak " + megabytes(peakHeapKb) + ", RSS peak " + megabytes(peakRssKb) + ", GC "
                    + (gcSeconds < 0 ? "not sampled" : String.format("%.1f s", gcSeconds));
        }

        private static String megabytes(long kb) {
            return kb < 0 ? "not sampled" : String.format("%,.0f MB", kb / 1024.0);
        }
    }
}
