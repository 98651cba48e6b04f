package io.jblock.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * QEMU's QemuOpts as qemu-img's {@code -o} uses them: a list of option descriptions (name, type,
 * help, default) and the values a command line gave, parsed and checked as
 * util/qemu-option.c does, with its messages. Prints the {@code Formatting ...} option part
 * (qemu_opts_print: every described option with a value or a default, in description order) and
 * the {@code -o help} listing (qemu_opts_print_help: sorted). Immutable lists, mutable values;
 * not thread-safe.
 */
final class QemuOpts {

    /** An option's type, with the name help listings print. */
    enum Type {
        STRING("str"), BOOL("bool (on/off)"), NUMBER("num"), SIZE("size");

        private final String label;

        Type(String label) {
            this.label = label;
        }
    }

    /**
     * One option QEMU describes (QemuOptDesc).
     *
     * @param name         the option's name
     * @param type         its type
     * @param help         its help text
     * @param defaultValue QEMU's def_value_str, or null
     */
    record Desc(String name, Type type, String help, String defaultValue) {
        static Desc of(String name, Type type, String help) {
            return new Desc(name, type, help, null);
        }
    }

    /** A value given on the command line that QEMU would refuse; {@link #hint()} follows the message. */
    static final class InvalidOption extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String hint;

        InvalidOption(String message, String hint) {
            super(message);
            this.hint = hint;
        }

        String hint() {
            return hint;
        }
    }

    private final List<Desc> descs;
    /** Values by name in the order given; the last one given for a name counts (qemu_opt_find). */
    private final LinkedHashMap<String, String> values = new LinkedHashMap<>();

    QemuOpts(List<Desc> descs) {
        this.descs = List.copyOf(descs);
    }

    /** Appends the descriptions of {@code more} that {@code base} lacks, as qemu_opts_append. */
    static List<Desc> append(List<Desc> base, List<Desc> more) {
        List<Desc> out = new ArrayList<>(base);
        for (Desc d : more) {
            if (out.stream().noneMatch(x -> x.name().equals(d.name()))) {
                out.add(d);
            }
        }
        return out;
    }

    List<Desc> descs() {
        return descs;
    }

    /** One {@code name=value} pair of an option string, in QEMU's syntax ({@code ,,} is a comma). */
    record Pair(String name, String value, boolean help) {
    }

    /**
     * Splits an option string as get_opt_name_value does: {@code name=value}, and a bare
     * {@code name} is the flag {@code name=on} ({@code noname}: {@code name=off}); {@code help}
     * and {@code ?} ask for help.
     */
    static List<Pair> split(String params) {
        List<Pair> out = new ArrayList<>();
        int p = 0;
        int n = params.length();
        while (p < n) {
            int len = 0;
            while (p + len < n && params.charAt(p + len) != '=' && params.charAt(p + len) != ',') {
                len++;
            }
            String name;
            String value;
            boolean help = false;
            if (p + len >= n || params.charAt(p + len) != '=') {
                name = params.substring(p, p + len);
                p += len;
                if (name.startsWith("no")) {
                    name = name.substring(2);
                    value = "off";
                } else {
                    value = "on";
                    help = name.equals("help") || name.equals("?");
                }
            } else {
                name = params.substring(p, p + len);
                p += len + 1;
                StringBuilder v = new StringBuilder();
                while (p < n) {
                    char c = params.charAt(p);
                    if (c == ',') {
                        if (p + 1 < n && params.charAt(p + 1) == ',') {
                            v.append(',');
                            p += 2;
                            continue;
                        }
                        break;
                    }
                    v.append(c);
                    p++;
                }
                value = v.toString();
            }
            if (p < n && params.charAt(p) == ',') {
                p++;
            }
            out.add(new Pair(name, value, help));
        }
        return out;
    }

    /** Whether an option string asks for help (has_help_option). */
    static boolean wantsHelp(String params) {
        return params != null && split(params).stream().anyMatch(Pair::help);
    }

    /**
     * Parses and checks {@code params} into these options (qemu_opts_do_parse): an unknown name
     * fails with {@code Invalid parameter 'NAME'}, a malformed value with QEMU's wording.
     */
    void parse(String params) {
        if (params == null) {
            return;
        }
        for (Pair p : split(params)) {
            if (p.name().equals("id")) {
                continue;
            }
            set(p.name(), p.value());
        }
    }

    /** Sets one option (qemu_opt_set), checking it as {@link #parse} does. */
    void set(String name, String value) {
        Desc d = desc(name);
        if (d == null) {
            throw new InvalidOption("Invalid parameter '" + name + "'", null);
        }
        check(d, value);
        values.remove(name); // the last value given counts, and prints where its description is
        values.put(name, value);
    }

    /** Removes a value (the option then prints its default, if any). */
    void unset(String name) {
        values.remove(name);
    }

    private Desc desc(String name) {
        for (Desc d : descs) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    private static void check(Desc d, String value) {
        switch (d.type()) {
            case BOOL -> parseBool(d.name(), value);
            case NUMBER -> parseNumber(d.name(), value);
            case SIZE -> parseSize(d.name(), value);
            default -> {
                // any string
            }
        }
    }

    /** Whether the option was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value given, or null. */
    String get(String name) {
        return values.get(name);
    }

    /** The value given, or the default, or null. */
    String getOrDefault(String name) {
        String v = values.get(name);
        if (v != null) {
            return v;
        }
        Desc d = desc(name);
        return d == null ? null : d.defaultValue();
    }

    /** The options given, in the order given. */
    Map<String, String> given() {
        return new LinkedHashMap<>(values);
    }

    /** A size option's value in bytes, or {@code dflt} when not given. */
    long size(String name, long dflt) {
        String v = values.get(name);
        return v == null ? dflt : parseSize(name, v);
    }

    /**
     * The option part of qemu-img's {@code Formatting} line (qemu_opts_print with " "): each
     * described option that was given or has a default, in description order; numbers and
     * sizes that were given print as parsed decimal, strings with commas doubled.
     */
    String print() {
        StringBuilder sb = new StringBuilder();
        for (Desc d : descs) {
            String given = values.get(d.name());
            String v = given != null ? given : d.defaultValue();
            if (v == null) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(d.name()).append('=');
            if (d.type() == Type.STRING) {
                sb.append(v.replace(",", ",,"));
            } else if (given != null && (d.type() == Type.SIZE || d.type() == Type.NUMBER)) {
                long n = d.type() == Type.SIZE ? parseSize(d.name(), v) : parseNumber(d.name(), v);
                sb.append(n);
            } else {
                sb.append(v);
            }
        }
        return sb.toString();
    }

    /** The lines of qemu_opts_print_help: {@code   name=<type>   - help}, sorted. */
    static List<String> helpLines(List<Desc> descs) {
        List<String> lines = new ArrayList<>();
        for (Desc d : descs) {
            StringBuilder s = new StringBuilder("  ").append(d.name()).append("=<").append(d.type().label).append('>');
            if (d.help() != null) {
                while (s.length() < 24) {
                    s.append(' ');
                }
                s.append(" - ").append(d.help());
            }
            lines.add(s.toString());
        }
        lines.sort(Comparator.naturalOrder());
        return lines;
    }

    /** qapi_bool_parse. */
    static boolean parseBool(String name, String value) {
        return switch (value) {
            case "on", "yes", "true", "y" -> true;
            case "off", "no", "false", "n" -> false;
            default -> throw new InvalidOption("Parameter '" + name + "' expects 'on' or 'off'", null);
        };
    }

    /**
     * parse_option_number: qemu_strtou64 with base 0 (decimal, 0x hex, 0 octal). As strtoull, a
     * sign may lead and a negative number wraps around ({@code -1} is 2^64 - 1, which the option's
     * reader then refuses in its own words, as {@code refcount_bits=-1} is).
     */
    static long parseNumber(String name, String value) {
        String t = value.trim();
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            String rest = t.substring(1);
            if (rest.isEmpty() || rest.startsWith("-") || rest.startsWith("+")) {
                throw new InvalidOption("Parameter '" + name + "' expects a number", null);
            }
            long n = parseNumber(name, rest);
            return negative ? -n : n;
        }
        try {
            if (t.isEmpty()) {
                throw new NumberFormatException();
            }
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            if (t.length() > 1 && t.startsWith("0")) {
                return Long.parseUnsignedLong(t.substring(1), 8);
            }
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            if (t.matches("[0-9]+")) {
                throw new InvalidOption("Value '" + value + "' is too large for parameter '" + name + "'", null);
            }
            throw new InvalidOption("Parameter '" + name + "' expects a number", null);
        }
    }

    /** parse_option_size: qemu_strtosz (suffixes k/M/G/T/P/E, fractions with a suffix). */
    static long parseSize(String name, String value) {
        try {
            String t = value.toLowerCase(Locale.ROOT);
            if (t.startsWith("-") || t.startsWith("+") || t.isBlank()) {
                throw new IllegalArgumentException("negative");
            }
            return ByteSizes.parse(value);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("too large")) {
                throw new InvalidOption("Value '" + value + "' is out of range for parameter '" + name + "'", null);
            }
            throw new InvalidOption("Parameter '" + name + "' expects a non-negative number below 2^64",
                    "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                            + "and exabytes, respectively.\n");
        }
    }
}
