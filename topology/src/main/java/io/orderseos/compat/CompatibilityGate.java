package io.orderseos.compat;

import io.orderseos.serde.SchemaVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Whether the code at hand can replace a release in a rolling upgrade: read everything the release
 * stored, write nothing the release's instances cannot read while both run, and agree with it on
 * the topology's subtopologies. Pure: compares two {@link ReleaseDescription}s.
 *
 * <p>The rules, each a {@link Finding} when broken:
 *
 * <ul>
 *   <li>every subtopology keeps its id, sources and stores (tasks and their state directories are
 *       named by subtopology id, and two releases in one group must agree on what a task is);
 *   <li>every store and topic of the release is still there under its name, of the same kind, in
 *       the same topic (a store's name is where its state is: a renamed store starts empty);
 *   <li>keys and values without a schema: what the release wrote is still read (a fixed sample
 *       gives the same bytes in a format read), and what the code at hand writes during the upgrade
 *       is a format the release reads;
 *   <li>Avro values: every writer schema the release read is still read, the release's own writer
 *       schema compatibly; and what the code at hand writes during the upgrade ({@code
 *       orders.upgrade.from} set to the release) is a schema the release reads.
 * </ul>
 */
public final class CompatibilityGate {

    /**
     * One broken rule.
     *
     * @param subject what changed: a store, a topic, a subtopology
     * @param change what changed, old against new
     * @param todo what to do about it
     */
    public record Finding(String subject, String change, String todo) {
        @Override
        public String toString() {
            return subject + ": " + change + "\n    what to do: " + todo;
        }
    }

    private static final String RENAME =
            "keep the name. To replace it on purpose, add the new one under a new name (it starts empty), say in"
                    + " CHANGELOG.md how its state is rebuilt, and plan the upgrade as a reset (docs/runbook.md)";
    private static final String FORMAT =
            "keep the format. A new format needs a new name (new state), or a frozen description of the old one"
                    + " and a reader of both (docs/compatibility.md)";

    private CompatibilityGate() {}

    /**
     * What keeps {@code current} from replacing {@code release} in a rolling upgrade; empty if nothing.
     *
     * @param current the code at hand, described with {@code orders.upgrade.from} set to {@code release}
     */
    public static List<Finding> check(ReleaseDescription release, ReleaseDescription current) {
        List<Finding> findings = new ArrayList<>();
        checkSubtopologies(release, current, findings);
        for (StoredFormat old : release.formats()) {
            Optional<StoredFormat> now = current.format(old.name());
            if (now.isEmpty()) {
                findings.add(new Finding(
                        subject(old),
                        "release " + release.release() + " has it; this version has none of that name",
                        old.kind().isStore() ? "state is found by its store's name: " + RENAME : RENAME));
                continue;
            }
            checkFormat(release.release(), old, now.get(), findings);
        }
        return findings;
    }

    private static void checkSubtopologies(
            ReleaseDescription release, ReleaseDescription current, List<Finding> findings) {
        String todo = "tasks are named <subtopology>_<partition>, and their state directories and assignment with"
                + " them: instances of both releases could not run in one group. Keep the topology's shape; put new"
                + " stages behind a setting that is off by default, so that turning it on is a planned"
                + " stop-and-start (docs/compatibility.md)";
        for (Subtopology old : release.subtopologies()) {
            Optional<Subtopology> now = current.subtopology(old.id());
            if (now.isEmpty()) {
                findings.add(new Finding("subtopology " + old.id(), "gone (it read " + old.sources() + ")", todo));
            } else if (!now.get().equals(old)) {
                findings.add(new Finding(
                        "subtopology " + old.id(),
                        "sources " + old.sources() + " and stores " + old.stores() + " in release "
                                + release.release() + ", sources " + now.get().sources() + " and stores "
                                + now.get().stores() + " now",
                        todo));
            }
        }
        for (Subtopology now : current.subtopologies()) {
            if (release.subtopology(now.id()).isEmpty()) {
                findings.add(new Finding(
                        "subtopology " + now.id(),
                        "new (reads " + now.sources() + "); release " + release.release() + " has none",
                        todo));
            }
        }
    }

    private static void checkFormat(String release, StoredFormat old, StoredFormat now, List<Finding> findings) {
        String subject = subject(old);
        if (old.kind() != now.kind()) {
            findings.add(new Finding(
                    subject,
                    "a " + old.kind() + " in release " + release + ", a " + now.kind() + " now",
                    "a store's type is its on-disk and changelog format: " + RENAME));
        }
        if (!old.topic().equals(now.topic())) {
            findings.add(new Finding(
                    subject,
                    "its records were in " + old.topic() + " in release " + release + ", in " + now.topic() + " now",
                    RENAME));
        }
        checkEncoding(release, subject, "key", old.key(), now.key(), now.kind().writtenByTheApp(), findings);
        checkEncoding(
                release, subject, "value", old.value(), now.value(), now.kind().writtenByTheApp(), findings);
    }

    private static void checkEncoding(
            String release,
            String subject,
            String part,
            Encoding old,
            Encoding now,
            boolean writtenByTheApp,
            List<Finding> findings) {
        if (old instanceof Encoding.Sampled before && now instanceof Encoding.Sampled after) {
            // The sample's text is how it prints; the format is its name and its bytes.
            if (!after.reads(before)) {
                findings.add(new Finding(
                        subject,
                        part + "s: release " + release + " wrote " + describe(before) + ", this version "
                                + describe(after),
                        FORMAT));
            } else if (writtenByTheApp && !after.writesAs(before)) {
                findings.add(new Finding(
                        subject,
                        part + "s: during a rolling upgrade from " + release + " this version writes " + describe(after)
                                + ", not what release " + release + " wrote",
                        "with orders.upgrade.from=" + release + " it must write the release's own format ("
                                + before.format() + ") through StoredFormats (docs/compatibility.md)"));
            }
        } else if (old instanceof Encoding.Avro before && now instanceof Encoding.Avro after) {
            checkAvro(release, subject, part, before, after, writtenByTheApp, findings);
        } else {
            findings.add(new Finding(
                    subject,
                    part + "s were " + old.format() + " in release " + release + ", are " + now.format() + " now",
                    FORMAT));
        }
    }

    private static void checkAvro(
            String release,
            String subject,
            String part,
            Encoding.Avro old,
            Encoding.Avro now,
            boolean writtenByTheApp,
            List<Finding> findings) {
        if (!old.type().equals(now.type())) {
            findings.add(new Finding(
                    subject,
                    part + "s were " + old.type() + " in release " + release + ", are " + now.type() + " now",
                    "a record type's full name is part of its schema: " + FORMAT));
            return;
        }
        for (long fingerprint : old.reads()) {
            if (!now.reads().contains(fingerprint)) {
                findings.add(new Finding(
                        subject,
                        "release " + release + " read " + old.type() + " written with schema "
                                + Encoding.fingerprint(fingerprint) + "; this version does not",
                        "records of that version may still be stored or sent: keep its frozen copy in"
                                + " schemas/src/main/resources/io/orderseos/schemas/history/"));
            }
        }
        SchemaVersions versions = versionsOf(now.type());
        if (versions == null) {
            findings.add(new Finding(
                    subject,
                    "this version has no schema history of " + now.type(),
                    "every record type it reads or writes needs one: SchemaVersions.all()"));
            return;
        }
        Schema frozen = versions.byFingerprint(old.writesFingerprint());
        if (frozen != null && !SchemaVersions.logicalTypes(frozen).equals(SchemaVersions.logicalTypes(old.writes()))) {
            findings.add(new Finding(
                    subject,
                    "release " + release + " wrote " + old.type() + " " + Encoding.fingerprint(old.writesFingerprint())
                            + " with the logical types " + SchemaVersions.logicalTypes(old.writes())
                            + "; this version's frozen copy of it has " + SchemaVersions.logicalTypes(frozen),
                    "the fingerprint leaves logical types out, so the records would be read with another precision"
                            + " or scale: restore the frozen copy as the release wrote it"));
        }
        SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(versions.current(), old.writes());
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            findings.add(new Finding(
                    subject,
                    "the current " + old.type() + " cannot read what release " + release + " wrote ("
                            + Encoding.fingerprint(old.writesFingerprint()) + "): "
                            + compatibility.getResult().getIncompatibilities(),
                    "change the schema compatibly: add fields with defaults, never remove or retype one"
                            + " (docs/compatibility.md)"));
        }
        if (writtenByTheApp && !old.reads().contains(now.writesFingerprint())) {
            findings.add(new Finding(
                    subject,
                    "during a rolling upgrade from " + release + " this version writes " + now.type()
                            + " with schema " + Encoding.fingerprint(now.writesFingerprint()) + ", which release "
                            + release + " cannot read",
                    "with orders.upgrade.from=" + release + " it must write the release's own version ("
                            + Encoding.fingerprint(old.writesFingerprint()) + "): freeze that version and write it"
                            + " through StoredFormats (docs/compatibility.md)"));
        }
    }

    /**
     * What keeps the second roll of an upgrade from {@code release} from working: instances with
     * {@code orders.upgrade.from} (described as {@code upgrading}) and without it ({@code upgraded})
     * run side by side, so each must read what the other writes, and an instance without it must
     * still find what the release stored. Empty if nothing.
     */
    public static List<Finding> checkSecondRoll(
            ReleaseDescription release, ReleaseDescription upgrading, ReleaseDescription upgraded) {
        List<Finding> findings = new ArrayList<>();
        for (StoredFormat old : release.formats()) {
            Optional<StoredFormat> during = upgrading.format(old.name());
            Optional<StoredFormat> after = upgraded.format(old.name());
            if (during.isEmpty() || after.isEmpty() || !old.kind().writtenByTheApp()) {
                continue; // a store or topic gone is check()'s finding
            }
            String subject = subject(old);
            String stored = "release " + release.release() + " stored";
            String writes = "this version writes after it";
            checkReads(subject, "key", stored, old.key(), after.get().key(), findings);
            checkReads(subject, "value", stored, old.value(), after.get().value(), findings);
            checkReads(subject, "key", writes, after.get().key(), during.get().key(), findings);
            checkReads(
                    subject, "value", writes, after.get().value(), during.get().value(), findings);
        }
        return findings;
    }

    /** A finding unless {@code reader} reads what {@code writer} describes; {@code what} says whose it is. */
    private static void checkReads(
            String subject, String part, String what, Encoding writer, Encoding reader, List<Finding> findings) {
        boolean reads;
        if (writer instanceof Encoding.Sampled written && reader instanceof Encoding.Sampled sampled) {
            reads = sampled.reads(written);
        } else if (writer instanceof Encoding.Avro written && reader instanceof Encoding.Avro avro) {
            reads = avro.type().equals(written.type()) && avro.reads().contains(written.writesFingerprint());
        } else {
            reads = false;
        }
        if (!reads) {
            String whoReads =
                    what.startsWith("release") ? "this version after the upgrade" : "an instance still upgrading";
            findings.add(
                    new Finding(
                            subject,
                            part + "s: " + what + " " + writer.format() + ", which " + whoReads + " does not read",
                            "in the second roll, instances with and without orders.upgrade.from run side by side: each must"
                                    + " read what the other writes, and the new one what the release stored (docs/compatibility.md)"));
        }
    }

    private static SchemaVersions versionsOf(String type) {
        return SchemaVersions.all().stream()
                .filter(versions -> versions.current().getFullName().equals(type))
                .findFirst()
                .orElse(null);
    }

    private static String describe(Encoding.Sampled encoding) {
        String written = encoding.format() + " (sample " + encoding.sample() + " as " + encoding.hex() + ")";
        if (encoding.alsoReads().isEmpty()) {
            return written;
        }
        return written + ", also reading "
                + encoding.alsoReads().stream()
                        .map(read -> read.format() + " (as " + read.hex() + ")")
                        .toList();
    }

    private static String subject(StoredFormat format) {
        return format.kind() + " " + format.name() + " (" + format.topic() + ")";
    }
}
