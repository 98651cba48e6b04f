package io.jblock.storage.options;

import io.jblock.storage.InvalidOptionException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/** Typed parsing of option values with QEMU's rules and QEMU's error words. */
public final class OptionValues {

    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private OptionValues() {
    }

    /**
     * {@code on/off}, {@code true/false}, {@code yes/no} (QEMU accepts all three spellings).
     *
     * @param option the option's name, for the message
     * @param text the option's value as written
     * @param nodeName the node, for the message; may be null
     * @return the value
     */
    public static boolean bool(String option, String text, String nodeName) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> {
                return true;
            }
            case "off", "false", "no" -> {
                return false;
            }
            default -> throw new InvalidOptionException("Parameter '" + option + "' expects 'on' or 'off'",
                    nodeName, option);
        }
    }

    /**
     * {@return a size as QEMU's {@code qemu_strtosz}: a decimal number with an optional suffix
     * {@code B}, {@code k}, {@code M}, {@code G}, {@code T}, {@code P} or {@code E} (powers of
     * 1024; a decimal fraction needs a suffix: {@code 1.5G}), or a {@code 0x} hexadecimal number
     * without suffix}
     *
     * @param option the option's name, for the message
     * @param text the option's value as written
     * @param nodeName the node, for the message; may be null
     */
    public static long size(String option, String text, String nodeName) {
        InvalidOptionException bad = new InvalidOptionException("Parameter '" + option
                + "' expects a non-negative number below 2^63; optional suffix k, M, G, T, P or E"
                + " means kilo-, mega-, giga-, tera-, peta- and exabytes", nodeName, option);
        String t = text.trim();
        try {
            BigInteger value;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                value = new BigInteger(t.substring(2), 16);
            } else {
                int shift = 0;
                if (!t.isEmpty()) {
                    int unit = "BKMGTPE".indexOf(Character.toUpperCase(t.charAt(t.length() - 1)));
                    if (unit >= 0) {
                        shift = 10 * unit;
                        t = t.substring(0, t.length() - 1);
                    }
                }
                if (t.isEmpty() || t.startsWith(".") || t.endsWith(".")
                        || !t.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
                    throw bad;
                }
                BigDecimal d = new BigDecimal(t);
                if (shift == 0 && d.stripTrailingZeros().scale() > 0) {
                    throw bad; // a fraction of a byte
                }
                value = d.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(shift))).toBigInteger();
            }
            if (value.signum() < 0 || value.compareTo(LONG_MAX) > 0) {
                throw bad;
            }
            return value.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad;
        }
    }

    /**
     * {@return a plain (possibly negative) decimal integer}
     *
     * @param option the option's name, for the message
     * @param text the option's value as written
     * @param nodeName the node, for the message; may be null
     */
    public static long number(String option, String text, String nodeName) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidOptionException("Parameter '" + option + "' expects a number", nodeName, option);
        }
    }
}
