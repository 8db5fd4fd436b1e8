package io.orderseos.ops.topics;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A topic as the cluster describes it.
 *
 * @param replicationFactors the replica counts of its partitions, sorted (one value unless a
 *     partition was reassigned by hand)
 * @param configs every topic config's effective value, defaults included
 */
public record TopicState(String name, int partitions, Set<Integer> replicationFactors, Map<String, String> configs) {
    public TopicState {
        replicationFactors = Collections.unmodifiableSortedSet(new TreeSet<>(replicationFactors));
        configs = Collections.unmodifiableMap(new TreeMap<>(configs));
    }

    /** The replication factor as one number when every partition has it, else a range such as "1 to 3". */
    String replicationFactor() {
        SortedSet<Integer> sorted = (SortedSet<Integer>) replicationFactors;
        return sorted.size() == 1
                ? sorted.first().toString()
                : sorted.first() + " to " + sorted.last() + " (per partition)";
    }
}
