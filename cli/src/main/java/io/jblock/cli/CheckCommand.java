package io.jblock.cli;

import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jblock check}: qemu-img check. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks an image's metadata for consistency; with -r, repairs leaks (or everything).",
            "Exit status: 0 no inconsistency, 1 the check could not complete, 2 corruptions, "
                + "3 leaked clusters, 63 the format does not support checks."})
public final class CheckCommand extends JblockSubcommand {

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: "
            + "secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    java.util.List<String> objects = new java.util.ArrayList<>();

    @Mixin
    ImageOptions image;

    @Mixin
    ForceShareOption share;

    @Option(names = "-r", paramLabel = "leaks|all", description = "Repair leaked clusters, or all inconsistencies.")
    String repair;

    @Option(names = "--output", paramLabel = "human|json", defaultValue = "human")
    OutputFormat output;

    @Option(names = "-q", description = "Quiet: print only errors.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        boolean fixLeaks = false;
        boolean fixAll = false;
        if (repair != null) {
            switch (repair) {
                case "leaks" -> fixLeaks = true;
                case "all" -> {
                    fixLeaks = true;
                    fixAll = true;
                }
                default -> throw new CommandFailure("Unknown option value for -r (expecting 'leaks' or 'all'): "
                        + repair, 1);
            }
        }
        ImageRef ref = share.apply(image.ref(), repair == null);
        try (BlockNode node = ref.open(repair == null, false, CacheMode.WRITEBACK)) {
            CheckReport report;
            try {
                report = run(node, fixLeaks, fixAll);
                if (report == null) {
                    throw new CommandFailure("This image format does not support checks", 63);
                }
                if (report.leaksFixed() > 0 || report.corruptionsFixed() > 0) {
                    if (output == OutputFormat.human && !quiet) {
                        out().print("The following inconsistencies were found and repaired:\n\n"
                                + "    " + report.leaksFixed() + " leaked clusters\n"
                                + "    " + report.corruptionsFixed() + " corruptions\n\n"
                                + "Double checking the fixed image now...\n");
                    }
                    report = report.afterRepair(run(node, false, false));
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof CommandFailure f) {
                    throw f;
                }
                throw new CommandFailure("Check of '" + ref.displayName() + "' could not complete: "
                        + Main.oneLine(e), 1, e);
            }
            for (String m : report.messages()) {
                err().println(m);
            }
            if (output == OutputFormat.json) {
                out().println(QemuJson.qdict(report.json(ref.displayName(), node.driverName())));
            } else if (!quiet || report.exitCode() != 0) {
                out().print(report.human());
            }
            return report.exitCode();
        }
    }

    /**
     * Runs the format's check, or returns null when the format has none (raw). The node was
     * opened for this command alone, so no request runs beside the check, as the qcow2
     * driver's check requires.
     */
    private static CheckReport run(BlockNode node, boolean fixLeaks, boolean fixAll) throws IOException {
        Optional<ImageChecker> qcow2 = node.driverFeature(ImageChecker.class);
        return qcow2.isPresent() ? CheckReport.of(qcow2.get().check(fixLeaks, fixAll)) : null;
    }
}
