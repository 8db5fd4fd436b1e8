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
 * @param lagBeforeKill records of input the group had not committed just before the kill
 * @param partitions the partitions it consumed
 * @param rate input records per second meanwhile
 * @param moved from the kill until each one moved, in the order of {@code partitions}
 * @param backlog records between the committed offset and the end at the kill, per partition
 * @param caughtUp from the kill until the committed offset passed the end at the kill, per partition
 */
record Failover(
        String victim,
        long lagBeforeKill,
        List<String> partitions,
        int rate,
        List<Duration> moved,
        List<Long> backlog,
        List<Duration> caughtUp) {

    /** From the kill until every one of them moved. */
    Duration allMoving() {
        return moved.stream().max(Duration::compareTo).orElseThrow();
    }

    /** From the kill until the first one moved. */
    Duration firstMoving() {
        return moved.stream().min(Duration::compareTo).orElseThrow();
    }

    /** From the kill until every one of them caught up. */
    Duration allCaughtUp() {
        return caughtUp.stream().max(Duration::compareTo).orElseThrow();
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("victim", victim);
        json.put("lagBeforeKill", lagBeforeKill);
        json.put("partitions", partitions);
        json.put("rate", rate);
        json.put("seconds", allMoving().toMillis() / 1000.0);
        json.put("firstPartitionSeconds", firstMoving().toMillis() / 1000.0);
        Map<String, Object> each = new LinkedHashMap<>();
        for (int i = 0; i < partitions.size(); i++) {
            each.put(partitions.get(i), moved.get(i).toMillis() / 1000.0);
        }
        json.put("partitionSeconds", each);
        json.put("caughtUpSeconds", allCaughtUp().toMillis() / 1000.0);
        Map<String, Object> partitionsCaughtUp = new LinkedHashMap<>();
        Map<String, Object> partitionsBacklog = new LinkedHashMap<>();
        for (int i = 0; i < partitions.size(); i++) {
            partitionsCaughtUp.put(partitions.get(i), caughtUp.get(i).toMillis() / 1000.0);
            partitionsBacklog.put(partitions.get(i), backlog.get(i));
        }
        json.put("partitionCaughtUpSeconds", partitionsCaughtUp);
        json.put("partitionBacklogAtKill", partitionsBacklog);
        return json;
    }

    @Override
    public String toString() {
        return String.format(
                "%.1f s until all %d partitions of %s moved again (first after %.1f s), all caught up after %.1f s"
                        + " (%,d records behind at the kill; the group %,d before it), at %,d records/s",
                allMoving().toMillis() / 1000.0,
                partitions.size(),
                victim,
                firstMoving().toMillis() / 1000.0,
                allCaughtUp().toMillis() / 1000.0,
                backlog.stream().mapToLong(Long::longValue).sum(),
                lagBeforeKill,
                rate);
    }
}
