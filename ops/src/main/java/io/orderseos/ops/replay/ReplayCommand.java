package io.orderseos.ops.replay;

import io.orderseos.config.OrdersConfig;
import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.ops.AppConfig;
import io.orderseos.topology.TopicSpec;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/**
 * {@code orders-eos-ops dlq-replay}: replays chosen dead letters to the input topic, after the cause
 * was fixed, each exactly once over all runs (see {@link DlqReplay}). Exit 0 when the run finished
 * (whatever it replayed), 1 when it failed, 2 on bad usage.
 */
public final class ReplayCommand {
    public static final String USAGE =
            """
            usage: orders-eos-ops dlq-replay --reason REASON[,REASON...] [--dry-run] [--again]
                                             [--source-partition N] [--from-offset N] [--to-offset N]
                                             [--from-time INSTANT] [--to-time INSTANT]
                                             [--config FILE] [--bootstrap-servers HOST:PORT]
                                             [--limit N] [--batch N] [--show N] [--timeout DURATION]
              Sends the chosen dead letters back to the input topic: the original key and value bytes,
              to the original partition, with the original timestamp and headers, without the dead
              letter's own headers (__streams.errors.*, orders.dlq.*) and with orders.replay.origin
              naming the letter and its origin. Each letter is replayed at most once over all runs: the
              replay and an entry in the ledger topic <dlq topic>-replayed commit in one transaction, and
              a run skips the letters in the ledger. A truncated letter is never replayed (it is listed);
              nor is, unless --again, the letter of a replayed record that the app rejected again.
              Letters written after the run starts are left for the next run.
              Exit 0 when the run finished, 1 when it failed (run it again: nothing is replayed twice), 2 on bad usage.
              --reason LIST       required: one or more of DESERIALIZATION, OVERSIZE, VALIDATION,
                                  EVENT_ID_CONFLICT, ILLEGAL_TRANSITION (comma-separated)
              --source-partition N  only letters of records read from this partition of the input
              --from-offset N     ... at this offset of their partition or later
              --to-offset N       ... at this offset or earlier
              --from-time INSTANT only letters of records with this timestamp or later (2026-05-01T12:00:00Z)
              --to-time INSTANT   ... with a timestamp before this one
              --dry-run           replay nothing: count what would be replayed, by reason, and list the first
              --again             also replay letters of records that were replays themselves (after a second fix)
              --config FILE       the app's configuration (topics, application.id, client security);
                                  KAFKA_*/ORDERS_* variables apply as for the app
              --bootstrap-servers brokers (default: the configuration's bootstrap.servers)
              --limit N           replay at most N letters in this run (default 0: all chosen)
              --batch N           letters per transaction at most (default 100)
              --show N            letters to list by their provenance (default 10)
              --timeout DURATION  how long a call to the brokers may take (default PT30S)""";

    private final PrintStream out;
    private final Map<String, String> env;

    public ReplayCommand(PrintStream out) {
        this(out, System.getenv());
    }

    ReplayCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    public int run(Map<String, String> given) throws InterruptedException {
        ReplayOptions options = ReplayOptions.parse(given);
        OrdersConfig app = AppConfig.load(given, env);
        Map<String, Object> client = AppConfig.client(app, given);
        return run(options, app, client, DlqReplay.Hook.NONE);
    }

    /** Runs with a hook between sends: tests crash a run there. */
    int run(ReplayOptions options, OrdersConfig app, Map<String, Object> client, DlqReplay.Hook hook)
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
        if (reasons.contains(DeadLetterReason.ILLEGAL_TRANSITION)
                || reasons.contains(DeadLetterReason.EVENT_ID_CONFLICT)) {
            out.printf(
                    "Note: the app remembers event IDs for %s=%s of stream time. Within it, a replayed"
                            + " ILLEGAL_TRANSITION is dropped as a duplicate (dedup saw the event before the state"
                            + " machine rejected it) and a replayed EVENT_ID_CONFLICT is a dead letter again.%n",
                    OrdersConfig.DEDUP_WINDOW, app.dedupWindow());
        }
    }
}
