package io.orderseos.ops.chaos;

import java.time.Duration;

/** One fault a scenario injects, at a time measured from the start of the load. */
sealed interface Fault {
    /** {@code kill -9} of an instance, wherever it is (with load running, inside a transaction); restarted after {@code down}. */
    record KillApp(int instance, Duration down) implements Fault {}

    /** {@code SIGSTOP} for {@code paused}, then {@code SIGCONT}: longer than the transaction and session timeouts, the instance comes back a zombie and must be fenced. */
    record PauseApp(int instance, Duration paused) implements Fault {}

    /** SIGTERM, a clean close, and a restart: one step of a rolling restart. */
    record RestartApp(int instance) implements Fault {}

    /** Start or cleanly stop instances until {@code instances} run. */
    record Scale(int instances) implements Fault {}

    /** {@code kill -9} of a broker; restarted on the same data after {@code down}. */
    record KillBroker(int node, Duration down) implements Fault {}

    /**
     * One step of a rolling upgrade from the previous release: SIGTERM, a clean close, and a restart
     * on the same state directory from the current jar.
     */
    record Upgrade(int instance, Roll roll) implements Fault {}

    /** The two rolls of an upgrade (docs/runbook.md). */
    enum Roll {
        /** With {@code orders.upgrade.from} set: it writes only what the previous release reads. */
        FIRST,
        /** Without: every instance runs the current release by now. */
        SECOND
    }

    /** A fault at {@code at} after the load started. */
    record Timed(Duration at, Fault fault) {}
}
