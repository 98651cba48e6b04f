package io.jblock.qcow2;

import io.jblock.storage.FilenameSyntax;

/**
 * Turns the backing file name and format of a header into the option string that opens it:
 * relative names are relative to the overlay's directory (as QEMU resolves them); commas in
 * paths are doubled in the key=value form, as QEMU's option syntax escapes them. A
 * {@code json:{...}} name stands for the options it holds ({@link FilenameSyntax}).
 */
final class BackingReference {
    private BackingReference() {
    }

    /**
     * QEMU's path_combine: an absolute or protocol name stays; a relative one is put in the
     * directory part of the overlay's name as given (not made absolute), so the backing file's
     * name reads as QEMU's ({@code b.qcow2} next to {@code o.qcow2}, {@code dir/b.qcow2} next to
     * {@code dir/o.qcow2}).
     */
    static String resolve(String overlayFilename, String name) {
        if (name.startsWith("/") || overlayFilename == null || FilenameSyntax.hasProtocol(name)) {
            return name; // "./a:b.img" has no protocol: it is relative like any other name
        }
        int slash = overlayFilename.lastIndexOf('/');
        return slash < 0 ? name : overlayFilename.substring(0, slash + 1) + name;
    }

    static String optionString(String overlayFilename, String name, String format) {
        if (FilenameSyntax.isJson(name)) {
            // QEMU's json: pseudo-protocol; the header's backing format is given directly, so it wins
            return format == null ? FilenameSyntax.toOptionString(name) : FilenameSyntax.merge("driver=" + format, name);
        }
        String path = resolve(overlayFilename, name);
        if (format == null) {
            // a plain string is a file name whose format is probed; '=' or ',' need the key form
            return path.indexOf('=') < 0 && path.indexOf(',') < 0 ? path : "filename=" + path.replace(",", ",,");
        }
        return "driver=" + format + ",file.driver=file,file.filename=" + path.replace(",", ",,");
    }
}
