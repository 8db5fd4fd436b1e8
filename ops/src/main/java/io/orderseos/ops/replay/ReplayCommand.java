package io.orderseos.ops.replay;

import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.ops.AppConfig;
import io.orderseos.ops.BrokerTimeout;
import io.orderseos.ops.Usage;
import io.orderseos.topology.TopicSpec;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orders-eos-ops dlq-replay}: replays chosen dead letters to the input topic, after the cause
 * was fixed, each exactly once over all runs (see {@link DlqReplay}). Exit 0 when the run finished
 * (whatever it replayed), 1 when it failed, 2 on bad usage.
 */
@Command(
        name = "dlq-replay",
        header = "replay chosen dead letters to the input topic, each exactly once",
        description = {
            "Sends the chosen dead letters back to the input topic: the original key and value bytes, to the"
                    + " original partition, with the original timestamp and headers, without the dead letter's own"
                    + " headers (__streams.errors.*, orders.dlq.*) and with orders.replay.origin naming the letter and"
                    + " its origin.",
            "Each letter is replayed at most once over all runs: the replay and an entry in the ledger topic <dlq"
                    + " topic>-replayed commit in one transaction, and a run skips the letters in the ledger. A"
                    + " truncated letter is never replayed (it is listed); nor is, unless --again, the letter of a"
                    + " replayed record that the app rejected again. Letters written after the run starts are left"
                    + " for the next run."
        },
        exitCodeList = {
            "0:the run finished (whatever it replayed)",
            "1:it failed (run it again: nothing is replayed twice)",
            "2:bad usage"
        })
public final class ReplayCommand implements Callable<Integer> {
    private final PrintStream out;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--reason",
            paramLabel = "REASON",
            required = true,
            split = "\\s*,\\s*",
            splitSynopsisLabel = ",",
            description = "one or more of ${COMPLETION-CANDIDATES} (comma-separated)")
    private Set<DeadLetterReason> reasons;

    @Option(
            names = "--source-partition",
            paramLabel = "N",
            description = "only letters of records read from this partition of the input")
    private Integer sourcePartition;

    @Option(names = "--from-offset", paramLabel = "N", description = "... at this offset of their partition or later")
    private Long fromOffset;

    @Option(names = "--to-offset", paramLabel = "N", description = "... at this offset or earlier")
    private Long toOffset;

    @Option(
            names = "--from-time",
            paramLabel = "INSTANT",
            description = "only letters of records with this timestamp or later, such as 2026-05-01T12:00:00Z")
    private Instant fromTime;

    @Option(names = "--to-time", paramLabel = "INSTANT", description = "... with a timestamp before this one")
    private Instant toTime;

    @Option(
            names = "--dry-run",
            description = "replay nothing: count what would be replayed, by reason, and list the first")
    private boolean dryRun;

    @Option(
            names = "--again",
            description = "also replay letters of records that were replays themselves (after a second fix)")
    private boolean again;

    @Mixin
    private AppConfig appConfig = new AppConfig();

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "replay at most N letters in this run (default ${DEFAULT-VALUE}: all chosen)")
    private long limit;

    @Option(
            names = "--batch",
            paramLabel = "N",
            description = "letters per transaction at most (default ${DEFAULT-VALUE})")
    private int batch = 100;

    @Option(
            names = "--show",
            paramLabel = "N",
            description = "letters to list by their provenance (default ${DEFAULT-VALUE})")
    private int show = 10;

    @Mixin
    private BrokerTimeout timeout = new BrokerTimeout();

    public ReplayCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        return run(System.getenv(), DlqReplay.Hook.NONE);
    }

    /** Runs with the app's environment {@code env} and a hook between sends: tests crash a run there. */
    int run(Map<String, String> env, DlqReplay.Hook hook) throws InterruptedException {
        ReplayOptions options = Usage.checked(spec, this::options);
        OrdersConfig app = appConfig.load(env);
        return run(options, app, appConfig.client(app), hook);
    }

    /** The options as picocli set them, checked. */
    ReplayOptions options() {
        return new ReplayOptions(
                new Selection(reasons, sourcePartition, fromOffset, toOffset, fromTime, toTime),
                again,
                dryRun,
                show,
                limit,
                batch,
                timeout.get());
    }

    private int run(ReplayOptions options, OrdersConfig app, Map<String, Object> client, DlqReplay.Hook hook)
            throws InterruptedException {
        out.printf(
                "%s dead letters of %s to %s at %s (%s)%n",
                options.dryRun() ? "Dry run: choosing" : "Replaying",
                app.dlqTopic(),
                app.inputTopic(),
                AppConfig.brokers(client),
                options.selection().describe());
        if (!options.dryRun()) {
            out.printf(
                    "  transactional.id %s, ledger %s%n",
                    DlqReplay.transactionalId(app), TopicSpec.replayLedger(app).name());
        }
        long started = System.nanoTime();
        ReplayReport report = new DlqReplay(client, app, options, out, hook).run();
        summary(report, options, app, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private void summary(ReplayReport report, ReplayOptions options, OrdersConfig app, double seconds) {
        out.printf(
                "%s %,d dead letter%s to %s%s (%.1f s)%n",
                options.dryRun() ? "Would replay" : "Replayed",
                report.replayedCount(),
                report.replayedCount() == 1 ? "" : "s",
                app.inputTopic(),
                options.dryRun()
                        ? ""
                        : " in " + report.transactions() + " transaction" + (report.transactions() == 1 ? "" : "s"),
                seconds);
        report.replayedByReason().forEach((reason, count) -> out.printf("  %-28s %,10d%n", reason, count));
        if (!report.examples().isEmpty()) {
            out.println(options.dryRun() ? "First of them:" : "First replayed:");
            report.examples().forEach(example -> out.println("  " + example));
        }
        out.printf(
                "%-30s %,10d   (in the ledger: replayed by an earlier run)%n",
                "Already replayed", report.alreadyReplayedCount());
        for (ReplayReport.Skip skip : ReplayReport.Skip.values()) {
            if (report.skippedCount(skip) > 0) {
                out.printf("%-30s %,10d   (%s)%n", skip.label(), report.skippedCount(skip), skip.meaning());
                report.skippedExamples(skip).forEach(example -> out.println("  " + example));
            }
        }
        out.printf(
                "%-30s %,10d   (of %,d letters read)%n",
                "Not chosen", report.notSelectedCount(), report.scannedCount());
        if (report.isLimitReached()) {
            out.printf("Stopped at --limit %,d: run again to go on%n", options.limit());
        }
        Set<DeadLetterReason> reasons = options.selection().reasons();
        if (reasons.contains(DeadLetterReason.EVENT_ID_CONFLICT)) {
            out.printf(
                    "Note: the app remembers event IDs for %s=%s of stream time. Within it, a replayed"
                            + " EVENT_ID_CONFLICT is a dead letter again.%n",
                    OrdersConfig.DEDUP_WINDOW, app.dedupWindow());
        }
    }
}
