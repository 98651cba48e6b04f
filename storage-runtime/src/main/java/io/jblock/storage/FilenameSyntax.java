package io.jblock.storage;

import io.jblock.storage.options.JsonSyntax;
import io.jblock.storage.options.KeyValueSyntax;
import io.jblock.storage.options.OptionTree;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * QEMU's file name syntax, shared by every place that takes a file name: protocol prefixes
 * ({@link #hasProtocol}) and the {@code json:{...}} pseudo-protocol.
 *
 * <p>The {@code json:} pseudo-protocol in a file name (block.c parse_json_filename): wherever
 * a file name is given (qemu-img's FILE, qemu-io's FILE and {@code open}, a backing file name read
 * from an image header), {@code json:} followed by a JSON object stands for the options that object
 * holds, nested objects flattened into dotted keys ({@code json:{"driver":"qcow2","file":{"driver":
 * "file","filename":"a"}}} is {@code driver=qcow2,file.driver=file,file.filename=a}). As in QEMU,
 * options given directly win over those in the file name (qdict_join without overwriting).
 *
 * <p>The result is the {@code key=value} form {@link BlockGraph#open(String, OpenOptions)} takes, so
 * that callers may add options to it as they do for plain file names. JSON {@code null} survives
 * only where that form has it, as {@code backing} ("no backing file"); other nulls and empty
 * objects cannot be written that way and are refused.
 */
public final class FilenameSyntax {

    /** The pseudo-protocol prefix. */
    public static final String PREFIX = "json:";

    private FilenameSyntax() {
    }

    /**
     * QEMU's path_has_protocol: whether the name starts with {@code PROTOCOL:}, a colon before
     * any slash ({@code nbd://host}, {@code file:a.img}, {@code json:{...}}, but not
     * {@code ./a:b.img} or {@code /dir/a:b.img}).
     *
     * @param filename a file name
     * @return whether its first colon comes before any slash (and is not its first character)
     */
    public static boolean hasProtocol(String filename) {
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (c == '/') {
                return false;
            }
            if (c == ':') {
                return i > 0;
            }
        }
        return false;
    }

    /**
     * {@return whether {@code filename} uses the {@code json:} pseudo-protocol}
     *
     * @param filename a file name, or null
     */
    public static boolean isJson(String filename) {
        return filename != null && filename.startsWith(PREFIX);
    }

    /**
     * The options a {@code json:{...}} file name stands for, in the {@code key=value} form (commas
     * in values doubled).
     *
     * @param filename {@code json:} and a JSON object
     * @return the options, as {@code key=value,...}
     * @throws InvalidOptionException QEMU's {@code Could not parse the JSON options: ...} for
     *                                malformed JSON, or a value the key=value form cannot carry
     */
    public static String toOptionString(String filename) {
        return merge(null, filename);
    }

    /**
     * {@code explicitOptions} with the options of the {@code json:} file name added where they do
     * not set a key {@code explicitOptions} sets (QEMU: "Options given in the filename have lower
     * priority than options specified directly").
     *
     * @param explicitOptions {@code key=value,...} given directly, or null or empty for none
     * @param filename {@code json:} and a JSON object
     * @return the merged options, as {@code key=value,...}
     * @throws InvalidOptionException as {@link #toOptionString}, or for malformed
     *                                {@code explicitOptions}
     */
    public static String merge(String explicitOptions, String filename) {
        if (!isJson(filename)) {
            throw new InvalidOptionException("not a json: file name: " + filename, null, "filename");
        }
        List<Map.Entry<String, Object>> flat;
        try {
            flat = JsonSyntax.parse(filename.substring(PREFIX.length()));
        } catch (InvalidOptionException e) {
            InvalidOptionException wrapped = new InvalidOptionException(
                    "Could not parse the JSON options: " + e.getMessage(), null, "filename");
            wrapped.initCause(e);
            throw wrapped;
        }
        StringBuilder out = new StringBuilder();
        Set<String> given = new HashSet<>();
        if (explicitOptions != null && !explicitOptions.isEmpty()) {
            for (Map.Entry<String, Object> e : KeyValueSyntax.parse(explicitOptions)) {
                given.add(e.getKey());
            }
            out.append(explicitOptions);
        }
        for (Map.Entry<String, Object> e : flat) {
            String key = e.getKey();
            if (given.contains(key)) {
                continue;
            }
            if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf(',') >= 0) {
                throw new InvalidOptionException("Invalid option name '" + key + "' in a json: file name", null,
                        key);
            }
            String value;
            if (e.getValue() instanceof String s) {
                value = s.replace(",", ",,");
            } else if (e.getValue() == OptionTree.NULL && (key.equals("backing") || key.endsWith(".backing"))) {
                value = "null"; // key=value's spelling of "no backing file"
            } else {
                throw new InvalidOptionException("Option '" + key + "' in a json: file name must be a string, a"
                        + " number or a boolean (null only for 'backing')", null, key);
            }
            if (!out.isEmpty() && !endsWithSeparator(out)) {
                out.append(',');
            }
            out.append(key).append('=').append(value);
        }
        if (out.isEmpty()) {
            throw new InvalidOptionException("Invalid JSON object given: no options in '" + filename + "'", null,
                    "filename");
        }
        return out.toString();
    }

    /** Options that say how a node is opened, not what it shows (none of QEMU's strong_runtime_opts). */
    private static final Set<String> HOW_TO_OPEN = Set.of("node-name", "read-only", "auto-read-only", "force-share",
            "discard", "detect-zeroes", "cache.direct", "cache.no-flush", "cache.writeback", "locking", "aio",
            "aio-max-batch", "pr-manager", "x-check-cache-dropped");

    /**
     * Whether a {@code json:} file name names nothing but a format (or none) over a local file, so
     * that the image is named by that file as QEMU's bdrv_refresh_filename names it
     * ({@code json:{"driver":"qcow2","file.filename":"a.qcow2"}} is {@code a.qcow2}); options that
     * change what the image shows (an {@code offset}, a filter, {@code backing}) make it not plain.
     *
     * @param filename {@code json:} and a JSON object
     * @return whether the options are a driver, a file name and options that only say how to open them
     * @throws InvalidOptionException as {@link #toOptionString}
     */
    public static boolean isPlain(String filename) {
        boolean named = false;
        for (Map.Entry<String, Object> e : KeyValueSyntax.parse(toOptionString(filename))) {
            String key = e.getKey();
            String value = String.valueOf(e.getValue());
            String own = key.startsWith("file.") ? key.substring("file.".length()) : key;
            if (key.equals("filename") || key.equals("file.filename")) {
                named = true;
            } else if (key.equals("driver")) {
                if (!value.equals("qcow2") && !value.equals("raw") && !value.equals("file")) {
                    return false;
                }
            } else if (key.equals("file.driver")) {
                if (!value.equals("file")) {
                    return false;
                }
            } else if (!HOW_TO_OPEN.contains(own)) {
                return false;
            }
        }
        return named;
    }

    /** A trailing comma that ends the list (an odd run of commas: {@code ,,} is an escaped comma). */
    private static boolean endsWithSeparator(CharSequence options) {
        int n = 0;
        for (int i = options.length() - 1; i >= 0 && options.charAt(i) == ','; i--) {
            n++;
        }
        return n % 2 == 1;
    }
}
