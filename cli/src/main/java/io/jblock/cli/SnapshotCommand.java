package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jblock snapshot -l}: qemu-img snapshot's listing. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Lists the internal snapshots of an image (qcow2), as qemu-img snapshot -l.")
public final class SnapshotCommand extends JblockSubcommand {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "-l", required = true, description = "List the snapshots (the only operation so far).")
    boolean list;

    @Option(names = "-f", paramLabel = "FMT", description = "Image format; probed if absent.")
    String format;

    @Option(names = "--image-opts", description = "FILE is an option string.")
    boolean imageOpts;

    @Option(names = {"-U", "--force-share"}, description = "Accepted for qemu-img compatibility.")
    boolean forceShare;

    @Parameters(index = "0", paramLabel = "FILE")
    String file;

    @Override
    public Integer call() throws IOException {
        ImageRef ref = new ImageRef(file, format, imageOpts);
        try (BlockNode node = ref.open(true, false, CacheMode.WRITEBACK)) {
            Object r = DriverAccess.call(node, "snapshots", new Class<?>[0]).orElseThrow(() ->
                    new CommandFailure("'" + ref.displayName() + "': format " + node.driverName()
                            + " does not support internal snapshots", 1));
            List<?> snapshots = r instanceof List<?> l ? l : List.of();
            if (snapshots.isEmpty()) {
                return 0;
            }
            out().println("Snapshot list:");
            out().println(String.format("%-10s%-17s%8s%20s%13s%11s", "ID", "TAG", "VM SIZE", "DATE",
                    "VM CLOCK", "ICOUNT"));
            for (Object s : snapshots) {
                out().println(row(s));
            }
        }
        return 0;
    }

    /** One line of the listing, columns as qemu-img's bdrv_snapshot_dump. */
    static String row(Object s) {
        String id = RecordValues.string(s, "id", "idStr");
        String name = RecordValues.string(s, "name", "tag");
        long vmState = RecordValues.number(s, 0, "vmStateSize", "vmstateSize");
        long dateSec = RecordValues.number(s, 0, "dateSeconds", "dateSec");
        long clockNs = RecordValues.number(s, 0, "vmClockNanos", "vmClockNsec");
        Object icount = RecordValues.value(s, "icount");
        long secs = clockNs / 1_000_000_000L;
        String clock = String.format("%02d:%02d:%02d.%03d", secs / 3600, (secs / 60) % 60, secs % 60,
                (clockNs / 1_000_000L) % 1000);
        String date = DATE.format(Instant.ofEpochSecond(dateSec).atZone(ZoneId.systemDefault()));
        String ic = icount instanceof Number n && n.longValue() >= 0 ? String.valueOf(n) : "--";
        return String.format("%-10s%-17s%8s%20s%13s%11s", id, name, ByteSizes.human(vmState), date, clock, ic);
    }
}
