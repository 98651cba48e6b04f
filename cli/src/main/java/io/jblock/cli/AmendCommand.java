package io.jblock.cli;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.feature.ImageAmender;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jblock amend}: qemu-img amend (qemu-img.c's img_amend): the {@code -o} options are
 * checked against the format's amend option list (an option only create knows gets QEMU's hint),
 * {@code -o help} lists them, and the format applies them ({@link ImageAmender}).
 */
@Command(name = "amend", mixinStandardHelpOptions = true,
        description = "Changes format options of an existing image (qcow2: compat, refcount_bits, "
                + "lazy_refcounts, size, data_file, data_file_raw); -o help lists them.")
public final class AmendCommand extends JblockSubcommand {

    @Option(names = "-f", paramLabel = "FMT", description = "Image format; probed if absent.")
    String format;

    @Option(names = "-o", paramLabel = "OPTIONS", description = "Options to change; may be repeated.")
    List<String> options = new ArrayList<>();

    @Option(names = "-t", paramLabel = "CACHE", defaultValue = "writeback", description = "Cache mode.")
    String cache;

    @Option(names = "-p", description = "Show progress.")
    boolean progress;

    @Option(names = "-q", description = "Quiet.")
    boolean quiet;

    @Option(names = "--force", description = "Allow changes QEMU refuses without it.")
    boolean force;

    @Option(names = "--image-opts", description = "FILE is an option string.")
    boolean imageOpts;

    @Option(names = "--object", paramLabel = "OBJECT", description = "A QEMU object: secret,id=ID,data=VALUE[,format=raw|base64] or file=PATH (secrets only).")
    List<String> objects = new ArrayList<>();

    @Parameters(paramLabel = "FILE", arity = "0..*")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        SecretObjects.define(objects);
        String opts = QemuImgArgs.accumulate(options);
        if (opts == null) {
            throw QemuImgArgs.usage("Must specify options (-o)");
        }
        if (quiet) {
            progress = false;
        }
        QemuProgress bar = new QemuProgress(out(), progress, 1.f);
        String filename = files.size() == 1 ? files.get(0) : null;
        if (format != null && QemuOpts.wantsHelp(opts)) {
            return help(format, bar);
        }
        if (filename == null) {
            bar.end();
            throw new CommandFailure("Expecting one image file name", 1);
        }
        CacheMode mode;
        try {
            mode = CacheMode.parse(cache);
        } catch (IllegalArgumentException e) {
            bar.end();
            throw new CommandFailure("Invalid cache option: " + cache, 1, e);
        }
        try (BlockNode node = new ImageRef(filename, format, imageOpts).open(false, false, mode)) {
            String fmt = node.driverName();
            if (QemuOpts.wantsHelp(opts)) {
                return help(fmt, bar);
            }
            ImageAmender amender = node.driverFeature(ImageAmender.class).orElse(null);
            List<QemuOpts.Desc> descs = CreateOptionTable.amend(fmt);
            if (amender == null || descs == null) {
                bar.end();
                throw new CommandFailure("Format driver '" + fmt + "' does not support option amendment", 1);
            }
            QemuOpts q = new QemuOpts(descs);
            try {
                q.parse(opts);
            } catch (QemuOpts.InvalidOption e) {
                String hint = e.hint();
                QemuOpts create = new QemuOpts(QemuOpts.append(descs, CreateOptionTable.create(fmt)));
                try {
                    create.parse(opts);
                    hint = (hint == null ? "" : hint) + "This option is only supported for image creation\n";
                } catch (QemuOpts.InvalidOption ignored) {
                    // not a create option either: the amend error alone
                }
                bar.end();
                throw new CommandFailure(e.getMessage(), hint, 1, e);
            }
            bar.print(0.f, 0);
            try {
                amender.amend(normalized(q), force, (done, total) ->
                        bar.print(total == 0 ? 0 : 100.f * done / total, 0));
            } catch (IOException e) {
                bar.print(100.f, 0);
                bar.end();
                String reason = SnapshotCommand.reason(e);
                if (reason.startsWith("Snapshot L1 table ")) {
                    // qcow2_expand_zero_clusters reports the bad snapshot table, qcow2_downgrade
                    // then fails with the errno
                    reason = reason + "\nFailed to turn zero into data clusters: "
                            + io.jblock.ffm.Errno.strerror(SnapshotCommand.errno(e));
                }
                throw new CommandFailure(reason, hintFor(reason), 1, e);
            }
            bar.print(100.f, 0);
        }
        bar.end();
        return 0;
    }

    /** The hints QEMU appends to some amend errors. */
    private static String hintFor(String reason) {
        return reason.equals("Cannot amend the backing file") ? "You can use 'qemu-img rebase' instead.\n" : null;
    }

    /** The given options with booleans as true/false and numbers and sizes in decimal, in description order. */
    private static Map<String, String> normalized(QemuOpts q) {
        Map<String, String> out = new LinkedHashMap<>();
        for (QemuOpts.Desc d : q.descs()) {
            String v = q.get(d.name());
            if (v == null) {
                continue;
            }
            out.put(d.name(), switch (d.type()) {
                case BOOL -> Boolean.toString(QemuOpts.parseBool(d.name(), v));
                case NUMBER -> Long.toString(QemuOpts.parseNumber(d.name(), v));
                case SIZE -> Long.toString(QemuOpts.parseSize(d.name(), v));
                default -> v;
            });
        }
        return out;
    }

    /** print_amend_option_help. */
    private int help(String fmt, QemuProgress bar) {
        List<QemuOpts.Desc> descs = CreateOptionTable.amend(fmt);
        if (descs == null && CreateOptionTable.create(fmt) == null && !QemuFormats.known(fmt)) {
            bar.end();
            throw new CommandFailure("Unknown file format '" + fmt + "'", 1);
        }
        if (descs == null) {
            bar.end();
            throw new CommandFailure("Format driver '" + fmt + "' does not support option amendment", 1);
        }
        out().println("Amend options for '" + fmt + "':");
        for (String line : QemuOpts.helpLines(descs)) {
            out().println(line);
        }
        bar.end();
        return 0;
    }
}
