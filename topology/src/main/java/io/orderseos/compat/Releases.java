package io.orderseos.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The releases whose descriptions are recorded with the code, oldest first: each one is a release
 * the code at hand must be able to replace in a rolling upgrade ({@link CompatibilityGate}), and a
 * value {@code orders.upgrade.from} accepts. Recording a release (docs/compatibility.md): write its
 * description to {@code io/orderseos/releases/<release>.json} and add its name here.
 */
public final class Releases {
    /** Every recorded release, oldest first. */
    public static final List<String> RECORDED = List.of("0.1.0", "0.1.1");

    private static final String RESOURCES = "/io/orderseos/releases/";

    private Releases() {}

    /** The newest recorded release: the one a rolling upgrade to the code at hand starts from. */
    public static ReleaseDescription previous() {
        return describe(RECORDED.get(RECORDED.size() - 1)).orElseThrow();
    }

    /** The recorded description of {@code release}, if it is one of {@link #RECORDED}. */
    public static Optional<ReleaseDescription> describe(String release) {
        if (!RECORDED.contains(release)) {
            return Optional.empty();
        }
        String resource = RESOURCES + release + ".json";
        try (InputStream in = Releases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("release " + release + " is recorded but " + resource + " is missing");
            }
            return Optional.of(ReleaseDescription.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
