package io.orderseos.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.avro.Schema;

/**
 * What one release keeps and exchanges, as a later release must still read it: its subtopologies,
 * and the format of every store, internal topic, input and output. Recorded for every release
 * (resources {@code io/orderseos/releases/<release>.json}, see {@link Releases}) and computed for
 * the code at hand ({@code StoredFormats#describe}); {@link CompatibilityGate} compares the two.
 *
 * @param release the release's version, {@code current} for the code at hand
 * @param commit the commit the release was built from, {@code null} for the code at hand
 */
public record ReleaseDescription(
        String release, String commit, List<Subtopology> subtopologies, List<StoredFormat> formats) {
    /** Internal topic names start with this in a description: the application id is the deployment's. */
    public static final String APPLICATION_ID = "${application.id}";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ReleaseDescription {
        subtopologies = subtopologies.stream()
                .sorted(Comparator.comparingInt(Subtopology::id))
                .toList();
        formats = formats.stream()
                .sorted(Comparator.comparing(StoredFormat::name))
                .toList();
    }

    public Optional<StoredFormat> format(String name) {
        return formats.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public Optional<Subtopology> subtopology(int id) {
        return subtopologies.stream().filter(s -> s.id() == id).findFirst();
    }

    /** This description with the release's name and commit, as it is recorded when the release is made. */
    public ReleaseDescription as(String release, String commit) {
        return new ReleaseDescription(release, commit, subtopologies, formats);
    }

    /** The description as the release file holds it: indented JSON, writer schemas as JSON objects. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("release", release);
        root.put("commit", commit);
        ArrayNode subs = root.putArray("subtopologies");
        for (Subtopology subtopology : subtopologies) {
            ObjectNode node = subs.addObject();
            node.put("id", subtopology.id());
            subtopology.sources().forEach(node.putArray("sources")::add);
            subtopology.stores().forEach(node.putArray("stores")::add);
        }
        ArrayNode all = root.putArray("formats");
        for (StoredFormat format : formats) {
            ObjectNode node = all.addObject();
            node.put("name", format.name());
            node.put("kind", format.kind().label());
            node.put("topic", format.topic());
            node.set("key", encoding(format.key()));
            node.set("value", encoding(format.value()));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a release description", e);
        }
    }

    /**
     * Reads a description written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static ReleaseDescription fromJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a release description: " + e.getOriginalMessage(), e);
        }
        List<Subtopology> subtopologies = new ArrayList<>();
        for (JsonNode node : required(root, "subtopologies")) {
            subtopologies.add(new Subtopology(
                    required(node, "id").asInt(),
                    strings(required(node, "sources")),
                    strings(required(node, "stores"))));
        }
        List<StoredFormat> formats = new ArrayList<>();
        for (JsonNode node : required(root, "formats")) {
            formats.add(new StoredFormat(
                    required(node, "name").asText(),
                    StoredFormat.Kind.of(required(node, "kind").asText()),
                    required(node, "topic").asText(),
                    encoding(required(node, "key")),
                    encoding(required(node, "value"))));
        }
        JsonNode commit = root.get("commit");
        return new ReleaseDescription(
                required(root, "release").asText(),
                commit == null || commit.isNull() ? null : commit.asText(),
                subtopologies,
                formats);
    }

    private static ObjectNode encoding(Encoding encoding) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", encoding.format());
        if (encoding instanceof Encoding.Sampled sampled) {
            node.put("sample", sampled.sample());
            node.put("bytes", sampled.hex());
            if (!sampled.alsoReads().isEmpty()) {
                ArrayNode reads = node.putArray("alsoReads");
                sampled.alsoReads().forEach(read -> reads.add(encoding(read)));
            }
        } else if (encoding instanceof Encoding.Avro avro) {
            node.put("type", avro.type());
            node.put("writesFingerprint", Encoding.fingerprint(avro.writesFingerprint()));
            try {
                node.set("writes", JSON.readTree(avro.writes().toString()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Avro wrote a schema that is not JSON", e);
            }
            ArrayNode reads = node.putArray("reads");
            avro.reads().forEach(fingerprint -> reads.add(Encoding.fingerprint(fingerprint)));
        }
        return node;
    }

    private static Encoding encoding(JsonNode node) {
        String format = required(node, "format").asText();
        if (!format.equals(Encoding.Avro.FORMAT)) {
            List<Encoding.Sampled> alsoReads = new ArrayList<>();
            JsonNode reads = node.get("alsoReads"); // absent where a version reads only what it writes
            if (reads != null) {
                reads.forEach(read -> alsoReads.add((Encoding.Sampled) encoding(read)));
            }
            return new Encoding.Sampled(
                    format,
                    required(node, "sample").asText(),
                    required(node, "bytes").asText(),
                    alsoReads);
        }
        SortedSet<Long> reads = new TreeSet<>();
        for (JsonNode fingerprint : required(node, "reads")) {
            reads.add(Long.parseUnsignedLong(fingerprint.asText(), 16));
        }
        Schema writes = new Schema.Parser().parse(required(node, "writes").toString());
        return new Encoding.Avro(required(node, "type").asText(), writes, reads);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("release description: '" + field + "' missing in " + node);
        }
        return value;
    }

    private static SortedSet<String> strings(JsonNode array) {
        SortedSet<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
