package io.jblock.cli;

import java.nio.file.Path;

/** Argument conventions qemu-img's subcommands share (qemu-img.c's cvtnum, path_combine, ...). */
final class QemuImgArgs {
    private QemuImgArgs() {
    }

    /**
     * qemu-img's cvtnum: a size with an optional suffix, at least 0; a malformed one fails with
     * QEMU's two lines ({@code Invalid NAME specified. You may use k, M, G, T, P or E suffixes for}
     * / {@code kilobytes, ...}).
     */
    static long cvtnum(String name, String value) {
        return cvtnum(name, value, 0, Long.MAX_VALUE);
    }

    /** cvtnum_full: as {@link #cvtnum(String, String)} within {@code [min, max]}. */
    static long cvtnum(String name, String value, long min, long max) {
        long v;
        try {
            String t = value.trim();
            if (t.startsWith("-") || t.startsWith("+")) {
                throw new IllegalArgumentException("signed");
            }
            v = ByteSizes.parse(value);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("too large")) {
                throw new CommandFailure("Invalid " + name + " specified. Must be between " + min + " and " + max
                        + ".", 1, e);
            }
            throw new CommandFailure("Invalid " + name + " specified. You may use k, M, G, T, P or E suffixes for\n"
                    + "kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.", 1, e);
        }
        if (v < min || v > max) {
            throw new CommandFailure("Invalid " + name + " specified. Must be between " + min + " and " + max + ".", 1);
        }
        return v;
    }

    /**
     * A backing file name as QEMU resolves it against the image that names it
     * (bdrv_get_full_backing_filename_from_filename / path_combine): absolute names and
     * protocol names stay, relative ones are relative to the image's directory.
     */
    static String resolveAgainst(String imageFilename, String backing) {
        if (backing.startsWith("/") || io.jblock.storage.FilenameSyntax.hasProtocol(backing)) {
            return backing;
        }
        int slash = imageFilename.lastIndexOf('/');
        if (slash < 0) {
            return backing;
        }
        return imageFilename.substring(0, slash + 1) + backing;
    }

    /** The absolute form of a path (as QEMU's full-backing-filename), without resolving links. */
    static String absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    /**
     * Joins the {@code -o} arguments as qemu-img's accumulate_options does: with a comma between
     * them, after checking that each one can be joined so (is_valid_option_list). An argument
     * that is empty, starts with a comma or ends with an odd number of commas would have its
     * joining comma escaped ({@code ,,} is a literal comma) and fails with "Invalid option list".
     *
     * @param options the {@code -o} arguments in command-line order
     * @return the joined list, or null when there were none
     * @throws CommandFailure for an argument that cannot be joined
     */
    static String accumulate(java.util.List<String> options) {
        StringBuilder sb = new StringBuilder();
        for (String o : options) {
            if (!isValidOptionList(o)) {
                throw new CommandFailure("Invalid option list: " + o, 1);
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(o);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Whether one {@code -o} argument can be joined to others with a comma (is_valid_option_list). */
    static boolean isValidOptionList(String optarg) {
        if (optarg.isEmpty() || optarg.charAt(0) == ',') {
            return false;
        }
        int trailing = 0;
        for (int i = optarg.length() - 1; i >= 0 && optarg.charAt(i) == ','; i--) {
            trailing++;
        }
        return trailing % 2 == 0;
    }

    /** qemu-img's error_exit: the message, then the pointer to --help. */
    static CommandFailure usage(String message) {
        return new CommandFailure(message, "Try '" + Main.programName() + " --help' for more information\n", 1, null);
    }
}
