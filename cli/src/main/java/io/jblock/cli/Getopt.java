package io.jblock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * GNU getopt as qemu-io's commands use it: single-letter options from an optstring
 * ({@code "bCl:pP:qs:v"}, a colon after a letter that takes a value), options and operands in
 * any order (GNU permutes them; operands keep their order), {@code --} ends the options, a lone
 * {@code -} is an operand. Errors are printed as glibc words them, naming the command.
 *
 * @param options  the options in the order given
 * @param operands the other arguments in the order given
 */
record Getopt(List<Option> options, List<String> operands) {

    /** One option occurrence; {@code value} is null for an option without a value. */
    record Option(char letter, String value) {
    }

    /**
     * Parses {@code args} (the command's arguments, without its name).
     *
     * @return the result, or null when an option is unknown or lacks its value (glibc's message
     *         is then on {@code err}: {@code read: invalid option -- 'x'})
     */
    static Getopt parse(String command, List<String> args, String optstring, PrintWriter err) {
        List<Option> options = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.length() < 2 || a.charAt(0) != '-') {
                operands.add(a);
                continue;
            }
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                int at = c == ':' ? -1 : optstring.indexOf(c);
                if (at < 0) {
                    err.println(command + ": invalid option -- '" + c + "'");
                    return null;
                }
                boolean takesValue = at + 1 < optstring.length() && optstring.charAt(at + 1) == ':';
                if (!takesValue) {
                    options.add(new Option(c, null));
                    continue;
                }
                String value;
                if (j + 1 < a.length()) {
                    value = a.substring(j + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    err.println(command + ": option requires an argument -- '" + c + "'");
                    return null;
                }
                options.add(new Option(c, value));
                break;
            }
        }
        return new Getopt(options, operands);
    }
}
