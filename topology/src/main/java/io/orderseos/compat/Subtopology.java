package io.orderseos.compat;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One subtopology as Kafka Streams numbers it: its tasks are {@code <id>_<partition>}, and a task's
 * state directory and its assignment are found by that id. Instances of two releases run in one
 * group only if they agree on every subtopology's id, sources and stores.
 *
 * @param sources its source topics as Kafka Streams describes them (internal ones without the
 *     application id)
 */
public record Subtopology(int id, SortedSet<String> sources, SortedSet<String> stores) {
    public Subtopology {
        sources = new TreeSet<>(sources);
        stores = new TreeSet<>(stores);
    }
}
