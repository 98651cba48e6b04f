package io.jblock.cli;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Sizes as QEMU's tools read and print them: {@code 64M}, {@code 1.5G}, {@code 4k} in, and
 * qemu-img's {@code 64 MiB} / qemu-io's {@code 1.500 KiB} out. Suffixes are powers of 1024;
 * a number without suffix is bytes.
 */
public final class ByteSizes {
    private static final String SUFFIXES = "BKMGTPE";

    private ByteSizes() {
    }

    /**
     * Parses {@code [0-9]+(.[0-9]+)?[bkmgtpe]?}, case-insensitive, or {@code 0x} and hexadecimal
     * digits (no fraction, no suffix), as QEMU's qemu_strtosz.
     * A fraction needs a suffix that makes the result a whole number of bytes.
     *
     * @param text a size as qemu-img takes it, e.g. {@code 64k}, {@code 1.5G}
     * @return the size in bytes
     * @throws IllegalArgumentException naming the text when it is not a size or overflows
     */
    public static long parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty size");
        }
        if (t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
            // qemu_strtosz: hexadecimal bytes, without a fraction or a suffix ("0x10E" is 270)
            if (!t.substring(2).matches("[0-9a-fA-F]+")) {
                throw new IllegalArgumentException("'" + text + "' is not a size: a hexadecimal size takes no "
                        + "fraction and no suffix");
            }
            if (t.length() - 2 > 16 || Long.compareUnsigned(Long.parseUnsignedLong(t.substring(2), 16),
                    Long.MAX_VALUE) > 0) {
                throw new IllegalArgumentException("'" + text + "' is too large a size");
            }
            return Long.parseUnsignedLong(t.substring(2), 16);
        }
        int shift = 0;
        char last = Character.toUpperCase(t.charAt(t.length() - 1));
        int unit = SUFFIXES.indexOf(last);
        if (unit >= 0) {
            shift = unit * 10;
            t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty() || !t.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException("'" + text + "' is not a size: expected a number with an optional "
                    + "k, M, G, T, P or E suffix");
        }
        BigDecimal value = new BigDecimal(t).multiply(BigDecimal.valueOf(2).pow(shift));
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes", e);
        }
    }

    /**
     * qemu-img's size_to_str: three significant digits and a binary unit, {@code 196 KiB}, {@code 0 B}.
     *
     * @param bytes a byte count
     * @return qemu-img's size_to_str form: three significant digits and a binary unit, {@code 196 KiB}, {@code 0 B}
     */
    public static String human(long bytes) {
        String[] units = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
        int i = 0;
        double scaled = bytes;
        // Switch to the next unit once the number would need four digits (>= 1000), as qemu does.
        while (i < units.length - 1 && scaled >= 1000) {
            scaled /= 1024;
            i++;
        }
        return formatG3(scaled) + " " + units[i] + "B";
    }

    /** C's {@code %0.3g}: three significant digits, no trailing zeroes, no exponent below 1e3. */
    static String formatG3(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal bd = new BigDecimal(v).round(new java.math.MathContext(3));
        String s = bd.stripTrailingZeros().toPlainString();
        return s;
    }

    /**
     * qemu-io's cvtstr: {@code 4 KiB}, {@code 1.500 KiB}, {@code 512 bytes}: a whole number
     * prints without decimals, anything else with three.
     *
     * @param value a byte count or rate
     * @return qemu-io's cvtstr form
     */
    public static String ioHuman(double value) {
        String[] suffixes = {" bytes", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB"};
        int i = 0;
        while (i < suffixes.length - 1 && value >= 1024) {
            value /= 1024;
            i++;
        }
        String six = String.format(Locale.ROOT, "%f", value);
        if (six.contains(".000")) {
            return six.substring(0, six.indexOf(".000")) + suffixes[i];
        }
        return String.format(Locale.ROOT, "%.3f%s", value, suffixes[i]);
    }
}
