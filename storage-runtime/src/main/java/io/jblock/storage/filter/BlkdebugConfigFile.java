package io.jblock.storage.filter;

import io.jblock.storage.InvalidOptionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a blkdebug configuration file in QEMU's {@code -readconfig} format (util/qemu-config.c):
 * sections {@code [inject-error]} or {@code [set-state]} (optionally {@code [group "id"]}, the id
 * is ignored), each followed by {@code key = "value"} lines; lines starting with {@code #} and
 * blank lines are skipped. Unlike QEMU, {@code key="value"} without spaces is accepted too.
 */
final class BlkdebugConfigFile {

    /** One section: its group name, its keys and values in file order, and where it began. */
    record Section(String group, Map<String, String> values, String where) {
    }

    private BlkdebugConfigFile() {
    }

    /** Parses {@code file}; a missing or malformed file fails with a message naming file and line. */
    static List<Section> read(String file, String nodeName) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("Could not read blkdebug config file '" + file + "': No such file or directory", e);
        }
        return parse(lines, file, nodeName);
    }

    static List<Section> parse(List<String> lines, String file, String nodeName) {
        List<Section> out = new ArrayList<>();
        String group = null;
        Map<String, String> values = null;
        String where = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String t = line.strip();
            String at = file + ":" + (i + 1);
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("[")) {
                if (!t.endsWith("]")) {
                    throw error(at, "parse error", nodeName);
                }
                if (group != null) {
                    out.add(new Section(group, values, where));
                }
                String inner = t.substring(1, t.length() - 1).strip();
                int space = inner.indexOf(' ');
                group = space < 0 ? inner : inner.substring(0, space);
                if (space >= 0 && !inner.substring(space).strip().matches("\"[^\"]*\"")) {
                    throw error(at, "parse error", nodeName);
                }
                if (!group.equals("inject-error") && !group.equals("set-state")) {
                    throw error(at, "There is no option group '" + group + "'", nodeName);
                }
                values = new LinkedHashMap<>();
                where = at;
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw error(at, "parse error", nodeName);
            }
            String key = t.substring(0, eq).strip();
            String value = t.substring(eq + 1).strip();
            if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)
                    || value.length() < 2 || !value.startsWith("\"") || value.indexOf('"', 1) != value.length() - 1) {
                throw error(at, "parse error", nodeName);
            }
            if (values == null) {
                throw error(at, "no group defined", nodeName);
            }
            values.put(key, value.substring(1, value.length() - 1));
        }
        if (group != null) {
            out.add(new Section(group, values, where));
        }
        return out;
    }

    private static InvalidOptionException error(String at, String what, String nodeName) {
        return new InvalidOptionException(at + ": " + what, nodeName, "config");
    }
}
