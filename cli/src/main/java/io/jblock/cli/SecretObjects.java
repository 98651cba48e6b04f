package io.jblock.cli;

import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.SecretRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code --object} of qemu-img and qemu-io (QEMU's user_creatable_process_cmdline): only
 * {@code secret} objects ({@code secret,id=ID,data=VALUE[,format=raw|base64]} or
 * {@code file=PATH}), which go to the process's {@link SecretRegistry} where drivers find them by
 * the id their {@code encrypt.key-secret} option names. Errors in qemu-img's words; the other
 * QEMU object types are refused by name.
 */
final class SecretObjects {
    /** QEMU's id_wellformed: a letter, then letters, digits, '-', '.', '_'. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
    /** QOM types qemu-img knows that jblock has no use for. */
    private static final List<String> OTHER_TYPES = List.of("secret_keyring", "iothread", "throttle-group",
            "tls-creds-anon", "tls-creds-psk", "tls-creds-x509", "tls-cipher-suites", "authz-simple",
            "authz-list", "authz-listfile", "authz-pam", "memory-backend-ram", "memory-backend-file");

    /** The ids this process's runs defined and have not forgotten yet. */
    private static final List<String> DEFINED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private SecretObjects() {
    }

    /** Removes the secrets the runs so far defined (at the end of a run: the next in-process run starts empty). */
    static void forgetDefined() {
        for (String id : DEFINED) {
            SecretRegistry.remove(id);
        }
        DEFINED.clear();
    }

    /**
     * Defines the secrets of every {@code --object} argument, in order.
     *
     * @param objects the arguments
     * @throws CommandFailure in qemu-img's words when one is malformed
     */
    static void define(List<String> objects) {
        for (String o : objects) {
            defineOne(o);
        }
    }

    private static void defineOne(String arg) {
        Map<String, String> props = parse(arg);
        String type = props.remove("qom-type");
        if (type == null) {
            throw fail("Parameter 'qom-type' is missing");
        }
        if (OTHER_TYPES.contains(type)) {
            throw fail("object type '" + type + "' is not supported by jblock (only 'secret')");
        }
        if (!type.equals("secret")) {
            throw fail("Parameter 'qom-type' does not accept value '" + type + "'");
        }
        String id = props.remove("id");
        if (id == null) {
            throw fail("Parameter 'id' is missing");
        }
        if (!IDENTIFIER.matcher(id).matches()) {
            throw new CommandFailure("Parameter 'id' expects an identifier",
                    "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.\n", 1, null);
        }
        String data = props.remove("data");
        String file = props.remove("file");
        String format = props.remove("format");
        String keyid = props.remove("keyid");
        String iv = props.remove("iv");
        props.remove("loaded"); // QEMU's deprecated no-op property
        if (!props.isEmpty()) {
            throw fail("Parameter '" + props.keySet().iterator().next() + "' is unexpected");
        }
        if (format != null && !format.equals("raw") && !format.equals("base64")) {
            throw fail("Parameter 'format' does not accept value '" + format + "'");
        }
        if (keyid != null || iv != null) {
            throw fail("secret '" + id + "': secrets encrypted with 'keyid' and 'iv' are not supported by jblock");
        }
        byte[] raw;
        if (file != null) {
            if (data != null) {
                throw fail("'file' and 'data' are mutually exclusive");
            }
            try {
                raw = Files.readAllBytes(Path.of(file));
            } catch (NoSuchFileException e) {
                throw fail("Unable to read " + file + ": Failed to open file \u201c" + file
                        + "\u201d: No such file or directory");
            } catch (IOException e) {
                throw fail("Unable to read " + file + ": " + Main.oneLine(e));
            }
        } else if (data != null) {
            raw = data.getBytes(StandardCharsets.UTF_8);
        } else {
            throw fail("Either 'file' or 'data' must be provided");
        }
        if ("base64".equals(format)) {
            raw = base64(new String(raw, StandardCharsets.ISO_8859_1));
        }
        try {
            SecretRegistry.define(id, raw);
            DEFINED.add(id);
        } catch (InvalidOptionException e) {
            throw fail(e.reason());
        }
    }

    /**
     * QEMU's qbase64_decode: only the base64 alphabet (and '=') is allowed, then GLib decodes
     * leniently (missing padding and a dangling last character are tolerated).
     */
    private static byte[] base64(String text) {
        if (!text.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '+' || c == '/' || c == '=')) {
            throw fail("Base64 data contains invalid characters");
        }
        String s = text.replace("=", "");
        if (s.length() % 4 == 1) {
            s = s.substring(0, s.length() - 1);
        }
        return Base64.getDecoder().decode(s);
    }

    /** QEMU's keyval syntax with {@code qom-type} as the implied first key; {@code ,,} is a comma. */
    static Map<String, String> parse(String arg) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == ',') {
                if (i + 1 < arg.length() && arg.charAt(i + 1) == ',') {
                    cur.append(',');
                    i++;
                    continue;
                }
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        Map<String, String> props = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            int eq = p.indexOf('=');
            if (eq < 0) {
                if (i == 0) {
                    props.put("qom-type", p);
                    continue;
                }
                throw fail("Expected '=' after parameter '" + p + "'");
            }
            String key = p.substring(0, eq);
            props.put(key, p.substring(eq + 1));
        }
        return props;
    }

    private static CommandFailure fail(String message) {
        return new CommandFailure(message, 1);
    }
}
