package io.orderseos.ops.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The deterministic load: exactly {@link LoadOptions#count()} records, every byte derived from the
 * seed, the options and the record's position, so a run can be replayed and a failure reproduced
 * (the same seed and options give the same records; a smaller count gives a prefix of them).
 *
 * <p>Orders are generated in chunks of {@value #ORDERS_PER_CHUNK}, each order by its own {@code
 * OrderScript}; a chunk is emitted round by round (every order's first step and the anomalies that
 * follow it, then every second step, ...), so the events of one order stay in life-cycle order
 * while orders interleave. Only one chunk is held at a time: memory does not grow with the count.
 *
 * <p>Each {@link #iterator()} starts the stream from the beginning.
 */
public final class LoadGenerator implements Iterable<LoadRecord> {
    /** Orders per chunk: enough to interleave orders well, few enough to hold in memory. */
    static final int ORDERS_PER_CHUNK = 1_000;

    private final LoadOptions options;
    private final EventCodec codec = new EventCodec();

    public LoadGenerator(LoadOptions options) {
        this.options = options;
    }

    @Override
    public Iterator<LoadRecord> iterator() {
        return new Records();
    }

    /** The records of orders {@code chunk * B} to {@code chunk * B + B - 1}, round by round. */
    private List<LoadRecord> chunk(long chunk) {
        List<OrderScript> scripts = new ArrayList<>(ORDERS_PER_CHUNK);
        int rounds = 0;
        for (int i = 0; i < ORDERS_PER_CHUNK; i++) {
            OrderScript script = OrderScript.write(chunk * ORDERS_PER_CHUNK + i, options, codec);
            scripts.add(script);
            rounds = Math.max(rounds, script.rounds());
        }
        List<LoadRecord> records = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (OrderScript script : scripts) {
                records.addAll(script.round(round));
            }
        }
        return records;
    }

    private final class Records implements Iterator<LoadRecord> {
        private long emitted;
        private long nextChunk;
        private Iterator<LoadRecord> current = Collections.emptyIterator();

        @Override
        public boolean hasNext() {
            return emitted < options.count();
        }

        @Override
        public LoadRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("all " + options.count() + " records were generated");
            }
            while (!current.hasNext()) {
                current = chunk(nextChunk++).iterator();
            }
            emitted++;
            return current.next();
        }
    }
}
