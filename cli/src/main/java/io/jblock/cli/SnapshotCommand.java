package io.jblock.cli;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.feature.SnapshotInfo;
import io.jblock.storage.feature.SnapshotTable;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jblock snapshot}: qemu-img snapshot (qemu-img.c's img_snapshot): {@code -l} lists,
 * {@code -c} creates, {@code -a} applies and {@code -d} deletes internal snapshots, with
 * qemu-img's messages. The image's format is always probed, as qemu-img does.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Lists (-l), creates (-c NAME), applies (-a NAME) or deletes (-d NAME) the internal "
                + "snapshots of an image (qcow2), as qemu-img snapshot.")
public final class SnapshotCommand extends JblockSubcommand {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "-l", description = "List the snapshots.")
    List<Boolean> list = new ArrayList<>();

    @Option(names = "-c", paramLabel = "NAME", description = "Create a snapshot.")
    List<String> create = new ArrayList<>();

    @Option(names = "-a", paramLabel = "NAME", description = "Apply a snapshot (revert the disk to it).")
    List<String> apply = new ArrayList<>();

    @Option(names = "-d", paramLabel = "NAME", description = "Delete a snapshot.")
    List<String> delete = new ArrayList<>();

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Option(names = "--image-opts", description = "FILE is an option string.")
    boolean imageOpts;

    @Option(names = "--object", paramLabel = "OBJECT", description = "Accepted for qemu-img compatibility.")
    List<String> objects = new ArrayList<>();

    @Option(names = {"-U", "--force-share"}, description = "Open without image locks (file.locking=off).")
    boolean forceShare;

    @Parameters(paramLabel = "FILE", arity = "0..*")
    List<String> files = new ArrayList<>();

    /** The column header of the listing. */
    static final String HEADER = String.format("%-10s%-17s%8s%20s%13s%11s", "ID", "TAG", "VM SIZE", "DATE",
            "VM CLOCK", "ICOUNT");

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        int actions = list.size() + create.size() + apply.size() + delete.size();
        if (actions > 1) {
            throw QemuImgArgs.usage("Cannot mix '-l', '-a', '-c', '-d'");
        }
        if (files.size() != 1) {
            throw QemuImgArgs.usage("Expecting one image file name");
        }
        boolean listing = actions == 0 || !list.isEmpty();
        ImageRef ref = ForceShareOption.apply(new ImageRef(files.get(0), null, imageOpts), listing, forceShare);
        try (BlockNode node = ref.open(listing, false, CacheMode.WRITEBACK)) {
            if (listing) {
                list(node);
                return 0;
            }
            SnapshotTable table = node.driverFeature(SnapshotTable.class).orElse(null);
            if (!create.isEmpty()) {
                return create(table, create.get(0));
            }
            if (!apply.isEmpty()) {
                return apply(table, apply.get(0));
            }
            return delete(table, delete.get(0));
        }
    }

    private void list(BlockNode node) throws IOException {
        List<SnapshotInfo> snapshots = snapshots(node).orElse(List.of());
        if (snapshots.isEmpty()) {
            return;
        }
        out().println("Snapshot list:");
        out().println(HEADER);
        for (SnapshotInfo s : snapshots) {
            out().println(row(json(s)));
        }
    }

    private int create(SnapshotTable table, String name) {
        Instant now = Instant.now(); // g_get_real_time: microseconds
        try {
            if (table == null) {
                throw new BlockIOException("no snapshots", "", null, -1, Errno.ENOTSUP, null);
            }
            table.createSnapshot(name, now.getEpochSecond(), now.getNano() / 1000 * 1000);
        } catch (IOException e) {
            int errno = errno(e);
            throw new CommandFailure("Could not create snapshot '" + name + "': " + (-errno) + " ("
                    + Errno.strerror(errno) + ")", 1, e);
        }
        return 0;
    }

    private int apply(SnapshotTable table, String name) {
        try {
            if (table == null) {
                throw new CommandFailure("Could not apply snapshot '" + name
                        + "': Block driver does not support snapshots", 1);
            }
            table.applySnapshot(name);
        } catch (IOException e) {
            int errno = errno(e);
            String first = errno == Errno.ENOENT ? "" : reason(e) + "\n";
            throw new CommandFailure(first + "Could not apply snapshot '" + name + "': Failed to load snapshot: "
                    + Errno.strerror(errno), 1, e);
        }
        return 0;
    }

    private int delete(SnapshotTable table, String name) throws IOException {
        SnapshotInfo found = null;
        if (table != null) {
            for (SnapshotInfo s : table.snapshots()) {
                if (s.name().equals(name)) {
                    found = s;
                    break;
                }
            }
        }
        if (found == null) {
            throw new CommandFailure("Could not delete snapshot '" + name + "': snapshot not found", 1);
        }
        try {
            table.deleteSnapshot(found.id(), found.name());
        } catch (IOException e) {
            // what QEMU prints on its way and goes on after (qcow2_free_clusters failed: ...)
            for (Throwable s : e.getSuppressed()) {
                if (s instanceof IOException io) {
                    err().println(reason(io));
                }
            }
            throw new CommandFailure("Could not delete snapshot '" + name + "': " + reason(e), 1, e);
        }
        return 0;
    }

    /** The errno QEMU would report for a failure: the exception's own, else EIO. */
    static int errno(IOException e) {
        return e instanceof BlockIOException b && b.errno() != 0 ? b.errno() : Errno.EIO;
    }

    /** A failure in QEMU's words: the reason without node and file. */
    static String reason(IOException e) {
        return e instanceof BlockIOException b && b.reason() != null ? b.reason() : Main.oneLine(e);
    }

    /** The node's internal snapshots, or empty when its format has none. */
    static Optional<List<SnapshotInfo>> snapshots(BlockNode node) throws IOException {
        Optional<SnapshotTable> table = node.driverFeature(SnapshotTable.class);
        return table.isPresent() ? Optional.of(table.get().snapshots()) : Optional.empty();
    }

    /** qemu-img info's JSON object of one snapshot (SnapshotInfo), members in QAPI's order. */
    static Map<String, Object> json(SnapshotInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("vm-state-size", s.vmStateSize());
        m.put("date-sec", s.dateSeconds());
        m.put("date-nsec", (long) s.dateNanos());
        m.put("vm-clock-sec", s.vmClockNanos() / 1_000_000_000L);
        m.put("vm-clock-nsec", s.vmClockNanos() % 1_000_000_000L);
        if (s.hasIcount()) {
            m.put("icount", s.icount());
        }
        return m;
    }

    /** One line of the listing, columns as qemu-img 7.2's bdrv_snapshot_dump (a space after long IDs and tags). */
    static String row(Map<String, Object> s) {
        long secs = ((Number) s.get("vm-clock-sec")).longValue();
        long ms = ((Number) s.get("vm-clock-nsec")).longValue() / 1_000_000L;
        String clock = String.format("%02d:%02d:%02d.%03d", secs / 3600, (secs / 60) % 60, secs % 60, ms);
        String date = DATE.format(Instant.ofEpochSecond(((Number) s.get("date-sec")).longValue())
                .atZone(ZoneId.systemDefault()));
        Object icount = s.get("icount"); // absent: qemu-img leaves the column blank
        return String.format("%-9s %-16s %8s%20s%13s%11s", s.get("id"), s.get("name"),
                ByteSizes.human(((Number) s.get("vm-state-size")).longValue()), date, clock,
                icount == null ? "" : icount.toString());
    }
}
