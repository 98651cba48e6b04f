package io.jblock.qcow2;

import java.nio.file.Path;

/**
 * Turns the backing file name and format of a header into the option string that opens it:
 * relative names are relative to the overlay's directory (as QEMU resolves them); commas in
 * paths are doubled in the key=value form, as QEMU's option syntax escapes them.
 */
final class BackingReference {
    private BackingReference() {
    }

    static String resolve(String overlayFilename, String name) {
        if (name.startsWith("/") || overlayFilename == null || name.contains(":")) {
            return name;
        }
        Path parent = Path.of(overlayFilename).toAbsolutePath().getParent();
        return parent == null ? name : parent.resolve(name).toString();
    }

    static String optionString(String overlayFilename, String name, String format) {
        String path = resolve(overlayFilename, name);
        if (format == null) {
            // a plain string is a file name whose format is probed; '=' or ',' need the key form
            return path.indexOf('=') < 0 && path.indexOf(',') < 0 ? path : "filename=" + path.replace(",", ",,");
        }
        return "driver=" + format + ",file.driver=file,file.filename=" + path.replace(",", ",,");
    }
}
