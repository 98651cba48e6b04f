package io.jblock.cli;

import io.jblock.ffm.Errno;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Numbers as qemu-io reads and prints them: {@link #cvtnum} (QEMU's qemu_strtosz: {@code 4k},
 * {@code 1.5M}, {@code 0x200}), {@link #cvtstr} ({@code 4 KiB}, {@code 1.062 KiB},
 * {@code 512 bytes}) and C's {@code %.Nf}, which rounds the exact binary value half to even
 * (Java's {@code String.format} rounds its decimal digits half up, so 1.0625 would print as
 * 1.063 instead of qemu-io's 1.062).
 */
final class IoNumbers {
    private IoNumbers() {
    }

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /**
     * qemu-io's cvtnum: a size with an optional binary suffix (b, k, M, G, T, P, E, any case), a
     * decimal fraction only with a suffix other than b, or hex ({@code 0x...}, no fraction).
     *
     * @return the value, or {@code -EINVAL} (not a number, unknown suffix, trailing garbage)
     *         or {@code -ERANGE} (more than 2^63-1)
     */
    static long cvtnum(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i < n && (s.charAt(i) == '-')) {
            return -Errno.EINVAL;
        }
        if (i < n && s.charAt(i) == '+') {
            i++;
        }
        int digits = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digits) {
            return -Errno.EINVAL;
        }
        BigInteger val = new BigInteger(s.substring(digits, i));
        BigDecimal fraction = BigDecimal.ZERO;
        if (val.signum() == 0 && i < n && (s.charAt(i) == 'x' || s.charAt(i) == 'X')) {
            int h = i + 1;
            int j = h;
            while (j < n && Character.digit(s.charAt(j), 16) >= 0) {
                j++;
            }
            if (j == h) {
                // "0x" alone: strtoull parses the 0 and stops at the x
                return -Errno.EINVAL;
            }
            val = new BigInteger(s.substring(h, j), 16);
            i = j;
            if (i < n && s.charAt(i) == '.') {
                return -Errno.EINVAL;
            }
        } else if (i < n && s.charAt(i) == '.') {
            int f = i + 1;
            int j = f;
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
            if (j > f && j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
                // strtod would take an exponent: QEMU refuses the whole input
                int k = j + 1;
                if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                    k++;
                }
                if (k < n && isDigit(s.charAt(k))) {
                    return -Errno.EINVAL;
                }
            }
            if (j > f) {
                // QEMU reads the fraction with strtod, a double, and scales it to 64 bits
                fraction = new BigDecimal(Double.parseDouble("0." + s.substring(f, j)));
            }
            i = j;
        }
        if (val.compareTo(U64_MAX) > 0) {
            return -Errno.ERANGE;
        }
        long mul = 1;
        if (i < n) {
            int unit = "BKMGTPE".indexOf(Character.toUpperCase(s.charAt(i)));
            if (unit < 0) {
                return -Errno.EINVAL;
            }
            mul = 1L << (10 * unit);
            i++;
        }
        if (i != n) {
            return -Errno.EINVAL;
        }
        BigInteger result;
        if (mul == 1) {
            if (fraction.signum() != 0) {
                return -Errno.EINVAL;
            }
            result = val;
        } else {
            // 64.64 fixed point as QEMU computes it: the fraction is truncated to 64 bits first,
            // the product rounded half up
            BigInteger frac64 = fraction.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(64)))
                    .toBigInteger();
            BigInteger fracPart = frac64.multiply(BigInteger.valueOf(mul));
            result = val.multiply(BigInteger.valueOf(mul)).add(fracPart.shiftRight(64));
            if (fracPart.testBit(63)) {
                result = result.add(BigInteger.ONE);
            }
            if (result.compareTo(U64_MAX) > 0) {
                return -Errno.ERANGE;
            }
        }
        if (result.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0) {
            return -Errno.ERANGE;
        }
        return result.longValueExact();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** qemu-io's print_cvtnum_err: what it prints for a {@link #cvtnum} error. */
    static String cvtnumError(long rc, String arg) {
        if (rc == -Errno.EINVAL) {
            return "Parsing error: non-numeric argument, or extraneous/unrecognized suffix -- " + arg;
        }
        if (rc == -Errno.ERANGE) {
            return "Parsing error: argument too large -- " + arg;
        }
        return "Parsing error: " + arg;
    }

    /** qemu-io's cvtstr: {@code 4 KiB}, {@code 1.500 KiB}, {@code 512 bytes}, {@code 12.500000 bytes}. */
    static String cvtstr(double value) {
        String[] units = {" EiB", " PiB", " TiB", " GiB", " MiB", " KiB"};
        String text;
        String suffix;
        int i;
        for (i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (6 - i));
            if (value >= unit) {
                break;
            }
        }
        if (i < units.length) {
            long unit = 1L << (10 * (6 - i));
            text = fixed(value / unit, 3);
            suffix = units[i];
        } else {
            text = fixed(value, 6);
            suffix = " bytes";
        }
        int trim = text.indexOf(".000");
        return (trim >= 0 ? text.substring(0, trim) : text) + suffix;
    }

    /** C's {@code printf("%.{decimals}f", v)}: the exact binary value rounded half to even. */
    static String fixed(double v, int decimals) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** C's {@code %05.2f}: at least five characters, zero padded. */
    static String fixedWidth5(double v) {
        String s = fixed(v, 2);
        StringBuilder b = new StringBuilder();
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        for (int k = s.length(); k < 5; k++) {
            b.append('0');
        }
        return (negative ? "-" : "") + b + digits;
    }

    /**
     * qemu-io's timestr: {@code 00.12 sec} under a second, {@code H:MM:SS.ss} from a second on
     * or with {@code verbose} (-C).
     */
    static String timestr(long nanos, boolean verbose) {
        long secs = nanos / 1_000_000_000L;
        double frac = (nanos % 1_000_000_000L) / 1e9;
        if (verbose || secs != 0) {
            return (secs / 3600) + ":" + String.format("%02d", (secs % 3600) / 60) + ":"
                    + fixedWidth5((secs % 60) + frac);
        }
        return fixedWidth5(frac) + " sec";
    }
}
