package io.orderseos.ops.replay;

import io.orderseos.ops.OpsMain;
import java.util.Map;
import picocli.CommandLine.ParseResult;

/**
 * {@code dlq-replay} in a JVM of its own that halts inside a transaction, as {@code kill -9} would
 * stop it: after the given number of committed transactions, at the given letter of the next one,
 * once its records have reached the broker. No shutdown hook runs, nothing is aborted or closed.
 *
 * <p>Arguments: config file, reasons, batch size, committed transactions, letter in the next one.
 */
public final class ReplayCrash {
    /** The exit status of a crash here, as a SIGKILL gives 137. */
    static final int CRASHED = 137;

    private ReplayCrash() {}

    public static void main(String[] args) throws Exception {
        long crashAfter = Long.parseLong(args[3]);
        int crashAt = Integer.parseInt(args[4]);
        ParseResult parsed = OpsMain.commandLine(System.out, System.err)
                .parseArgs("dlq-replay", "--config", args[0], "--reason", args[1], "--batch", args[2]);
        ReplayCommand replay = (ReplayCommand) parsed.subcommand().commandSpec().userObject();
        replay.run(Map.of(), (producer, committed, inTransaction) -> {
            if (committed == crashAfter && inTransaction == crashAt) {
                producer.flush(); // the open transaction's records are in the log
                System.out.println("crashing after " + committed + " transactions, at letter " + inTransaction);
                System.out.flush();
                Runtime.getRuntime().halt(CRASHED);
            }
        });
        System.exit(0);
    }
}
