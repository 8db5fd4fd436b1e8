package io.orderseos.ops.bench;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The parts of a benchmark run, as {@code --only} names them (in any case). */
enum Phase {
    RAW("raw transactional copy: the ceiling"),
    ALOS("the topology with at_least_once"),
    EOS("the topology with exactly_once_v2, dedup store size, heap and RSS"),
    LATENCY("end-to-end latency at a fixed rate"),
    FAILOVER("failover after kill -9 of one of three instances"),
    CRASH("restart after kill -9 under load, on the instance's own state (needs eos's state: runs eos too)"),
    RESTORE("restore of a wiped instance (needs eos's state: runs eos too)");

    private final String description;

    Phase(String description) {
        this.description = description;
    }

    String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    String description() {
        return description;
    }

    /** {@code phases} and what they need: crash and restore bring eos along, whose state they restore. */
    static Set<Phase> withTheirNeeds(Set<Phase> phases) {
        Set<Phase> needed = phases.isEmpty() ? EnumSet.noneOf(Phase.class) : EnumSet.copyOf(phases);
        if (needed.contains(RESTORE) || needed.contains(CRASH)) {
            needed.add(EOS);
        }
        return Set.copyOf(needed);
    }
}
