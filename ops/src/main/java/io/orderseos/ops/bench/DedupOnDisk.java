package io.orderseos.ops.bench;

import io.orderseos.dedup.DedupProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the dedup store takes on disk per event it remembers: the RocksDB files of every segment of
 * {@value DedupProcessor#STORE} in every task of an instance, measured after a clean close (Kafka
 * Streams flushes the memtables into SST files then; nothing is compacted by hand), divided by the
 * entries its changelog holds (one per event remembered). SST files are the data; the rest of the
 * directory is RocksDB's bookkeeping (manifest, options, logs), reported beside them.
 *
 * @param entries events remembered: records of the store's changelog
 * @param sstBytes bytes of its SST files
 * @param dirBytes bytes of everything in its directories
 */
record DedupOnDisk(long entries, long sstBytes, long dirBytes) {

    /** Measures the store under an instance's {@code state.dir}; the instance must be stopped cleanly. */
    static DedupOnDisk measure(Path stateDir, long entries) throws IOException {
        long sst = 0;
        long all = 0;
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!inDedupStore(stateDir.relativize(file))) {
                    continue;
                }
                long size = size(file);
                all += size;
                if (file.getFileName().toString().endsWith(".sst")) {
                    sst += size;
                }
            }
        }
        return new DedupOnDisk(entries, sst, all);
    }

    /** {@code <application.id>/<task>/dedup-store/dedup-store.<segment id>/...}: one RocksDB per segment. */
    private static boolean inDedupStore(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals(DedupProcessor.STORE)) {
                return true;
            }
        }
        return false;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double sstBytesPerEvent() {
        return entries == 0 ? 0 : (double) sstBytes / entries;
    }

    double dirBytesPerEvent() {
        return entries == 0 ? 0 : (double) dirBytes / entries;
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entries", entries);
        json.put("sstBytes", sstBytes);
        json.put("dirBytes", dirBytes);
        json.put("sstBytesPerEvent", sstBytesPerEvent());
        json.put("dirBytesPerEvent", dirBytesPerEvent());
        return json;
    }

    @Override
    public String toString() {
        return String.format(
                "%.1f bytes/event in SST files (%.1f with RocksDB's other files; %,d events, %,.1f MB)",
                sstBytesPerEvent(), dirBytesPerEvent(), entries, sstBytes / 1e6);
    }
}
