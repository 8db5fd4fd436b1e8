package io.orderseos.ops.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code kill -9} of one of three instances under a steady load, and how long until the
 * survivors process what it owned: for each partition it consumed as an active task (input and
 * repartition), the time from the kill until the group's committed offset on it moves again.
 *
 * @param victim the instance killed
 * @param partitions the partitions it consumed
 * @param rate input records per second meanwhile
 * @param moved from the kill until each one moved, in the order of {@code partitions}
 */
record Failover(String victim, List<String> partitions, int rate, List<Duration> moved) {

    /** From the kill until every one of them moved. */
    Duration allMoving() {
        return moved.stream().max(Duration::compareTo).orElseThrow();
    }

    /** From the kill until the first one moved. */
    Duration firstMoving() {
        return moved.stream().min(Duration::compareTo).orElseThrow();
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("victim", victim);
        json.put("partitions", partitions);
        json.put("rate", rate);
        json.put("seconds", allMoving().toMillis() / 1000.0);
        json.put("firstPartitionSeconds", firstMoving().toMillis() / 1000.0);
        Map<String, Object> each = new LinkedHashMap<>();
        for (int i = 0; i < partitions.size(); i++) {
            each.put(partitions.get(i), moved.get(i).toMillis() / 1000.0);
        }
        json.put("partitionSeconds", each);
        return json;
    }

    @Override
    public String toString() {
        return String.format(
                "%.1f s until all %d partitions of %s moved again (first after %.1f s), at %,d records/s",
                allMoving().toMillis() / 1000.0,
                partitions.size(),
                victim,
                firstMoving().toMillis() / 1000.0,
                rate);
    }
}
