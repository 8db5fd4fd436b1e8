package io.orderseos.ops.load;

import io.orderseos.ops.Usage;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code produce}: sends the deterministic load to a Kafka topic and prints what it sent, by kind.
 * Ctrl-C stops it after the current record; what was sent until then is acknowledged and counted.
 */
@Command(
        name = "produce",
        header = "send a deterministic load of order events, anomalies included, to a topic",
        description = {
            "Sends a deterministic stream of order events to Kafka: orders walking their life cycle, with exact"
                    + " duplicates, event-ID conflicts, duplicate intents, illegal transitions, old-schema events,"
                    + " malformed records and records in aborted upstream transactions; for an app with a reorder"
                    + " window (--reorder), steps out of order and steps whose predecessor never comes.",
            "Every record derives from the seed: the same seed and options send the same records."
        },
        exitCodeList = {"0:every record was sent", "1:a send failed or the run was stopped", "2:bad usage"})
public final class ProduceCommand implements Callable<Integer> {
    /** How long Ctrl-C waits for the records sent so far to be acknowledged. */
    private static final long STOP_GRACE_SECONDS = 15;

    private final PrintStream out;

    @Spec
    private CommandSpec spec;

    @Mixin
    private LoadOptions.Builder options = LoadOptions.builder();

    public ProduceCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs {@code produce} with the options picocli set.
     *
     * @return 0 when every record was sent, 1 when it was stopped first
     * @throws IllegalArgumentException for a topic with another partition count
     * @throws IllegalStateException when a record cannot be sent
     */
    @Override
    public Integer call() throws InterruptedException {
        LoadOptions load = Usage.checked(spec, this::options);
        out.printf(
                "Producing %,d records to %s at %s (seed %d, %s)%n",
                load.count(),
                load.topic(),
                load.bootstrapServers(),
                load.seed(),
                load.rate() == 0 ? "no rate limit" : String.format("%,d records/s", load.rate()));
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = stopOnShutdown(stop, finished);
        Runtime.getRuntime().addShutdownHook(hook);
        LoadReport report;
        try {
            report = Load.run(load, out, stop::get);
            summary(report, load);
        } finally {
            finished.countDown();
            removeHook(hook);
        }
        return report.stopped() ? 1 : 0;
    }

    /** The options as picocli set them, checked. */
    LoadOptions options() {
        return options.build();
    }

    private void summary(LoadReport report, LoadOptions options) {
        double seconds = report.elapsed().toNanos() / 1e9;
        out.printf(
                "%s %,d records to %s in %.1f s (%,.0f records/s), seed %d%n",
                report.stopped() ? "Stopped after" : "Sent",
                report.sent(),
                options.topic(),
                seconds,
                seconds > 0 ? report.sent() / seconds : 0.0,
                options.seed());
        for (RecordKind kind : RecordKind.values()) {
            out.printf("  %-24s %,10d%n", kind.label(), report.sent(kind));
        }
        out.printf("  %-24s %,10d   (all but the aborted)%n", "visible to the app", report.visible());
    }

    /** A shutdown hook (Ctrl-C, SIGTERM) that stops the run and gives it time to finish cleanly. */
    private static Thread stopOnShutdown(AtomicBoolean stop, CountDownLatch finished) {
        return new Thread(
                () -> {
                    stop.set(true);
                    try {
                        finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "orders-eos-produce-stop");
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running; it returns once this run has finished.
        }
    }
}
