package io.orderseos.ops.bench;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The parts of a benchmark run, as {@code --only} names them. */
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

    /** {@code raw,eos,...} → phases; crash and restore bring eos along, whose state they restore. */
    static Set<Phase> parse(String list) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String name : list.split(",")) {
            String flag = name.trim().toLowerCase(Locale.ROOT);
            phases.add(Arrays.stream(values())
                    .filter(phase -> phase.flag().equals(flag))
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalArgumentException("--only: unknown phase '" + name.trim() + "'; phases are "
                                    + Arrays.stream(values()).map(Phase::flag).collect(Collectors.joining(",")))));
        }
        if (phases.contains(RESTORE) || phases.contains(CRASH)) {
            phases.add(EOS);
        }
        return phases;
    }
}
