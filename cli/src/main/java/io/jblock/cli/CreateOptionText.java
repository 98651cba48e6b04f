package io.jblock.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** What {@code create} and {@code convert} share about create options: the driver's option string and qemu-img's help listing. */
final class CreateOptionText {

    private CreateOptionText() {
    }

    /** The options handed to jblock's driver: those given, except the size (passed on its own). */
    static String driverOptions(QemuOpts q) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : q.given().entrySet()) {
            if (e.getKey().equals("size")) {
                continue;
            }
            if (e.getKey().equals("encryption") && List.of("off", "no", "false").contains(e.getValue())) {
                continue; // nothing to do (and drivers without encryption accept it so)
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(e.getKey()).append('=').append(ImageRef.escape(e.getValue()));
        }
        return sb.toString();
    }

    /** qemu-img's print_block_option_help for {@code format} ({@code file}: the target, or null); returns the exit code. */
    static int printOptionHelp(PrintWriter out, String format, String file) {
        List<QemuOpts.Desc> descs = file != null ? CreateOptionTable.createWithProtocol(format)
                : CreateOptionTable.create(format);
        if (descs == null) {
            String refusal = QemuFormats.creationRefusal(format);
            throw new CommandFailure(refusal != null ? refusal : "Unknown file format '" + format + "'", 1);
        }
        out.println(file != null ? "Supported options:" : "Supported " + format + " options:");
        for (String line : QemuOpts.helpLines(descs)) {
            out.println(line);
        }
        if (file == null) {
            out.print("\nThe protocol level may support further options.\n"
                    + "Specify the target filename to include those options.\n");
        }
        return 0;
    }
}
