package io.orderseos.ops;

import java.io.PrintStream;

/** A one-line progress bar, redrawn at most every 100 ms and once at the end. */
public final class Progress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastDraw;

    public Progress(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
    }

    public void update(long done) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        double seconds = (now - startNanos) / 1e9;
        out.printf(
                "\r%s [%s%s] %3d%% %,d/%,d %,.0f/s",
                label,
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                100 * done / total,
                done,
                total,
                seconds > 0 ? done / seconds : 0.0);
        if (done >= total) {
            out.println();
        }
        out.flush();
    }
}
