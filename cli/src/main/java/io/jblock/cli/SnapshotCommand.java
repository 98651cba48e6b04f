package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.feature.SnapshotInfo;
import io.jblock.storage.feature.SnapshotTable;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jblock snapshot -l}: qemu-img snapshot's listing. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Lists the internal snapshots of an image (qcow2), as qemu-img snapshot -l.")
public final class SnapshotCommand extends JblockSubcommand {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "-l", required = true, description = "List the snapshots (the only operation so far).")
    boolean list;

    @Mixin
    ImageOptions image;

    @Option(names = {"-U", "--force-share"}, description = "Open without image locks (file.locking=off).")
    boolean forceShare;

    /** The column header of the listing. */
    static final String HEADER = String.format("%-10s%-17s%8s%20s%13s%11s", "ID", "TAG", "VM SIZE", "DATE",
            "VM CLOCK", "ICOUNT");

    @Override
    public Integer call() throws IOException {
        ImageRef ref = ForceShareOption.apply(image.ref(), true, forceShare);
        try (BlockNode node = ref.open(true, false, CacheMode.WRITEBACK)) {
            List<SnapshotInfo> snapshots = snapshots(node).orElseThrow(() ->
                    new CommandFailure("'" + ref.displayName() + "': format " + node.driverName()
                            + " does not support internal snapshots", 1));
            if (snapshots.isEmpty()) {
                return 0;
            }
            out().println("Snapshot list:");
            out().println(HEADER);
            for (SnapshotInfo s : snapshots) {
                out().println(row(json(s)));
            }
        }
        return 0;
    }

    /** The node's internal snapshots, or empty when its format has none. */
    static Optional<List<SnapshotInfo>> snapshots(BlockNode node) throws IOException {
        Optional<SnapshotTable> table = node.driverFeature(SnapshotTable.class);
        return table.isPresent() ? Optional.of(table.get().snapshots()) : Optional.empty();
    }

    /** qemu-img info's JSON object of one snapshot (SnapshotInfo), keys in qemu-img's order. */
    static Map<String, Object> json(SnapshotInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.hasIcount()) {
            m.put("icount", s.icount());
        }
        m.put("vm-clock-nsec", s.vmClockNanos() % 1_000_000_000L);
        m.put("name", s.name());
        m.put("date-sec", s.dateSeconds());
        m.put("date-nsec", (long) s.dateNanos());
        m.put("vm-clock-sec", s.vmClockNanos() / 1_000_000_000L);
        m.put("id", s.id());
        m.put("vm-state-size", s.vmStateSize());
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
