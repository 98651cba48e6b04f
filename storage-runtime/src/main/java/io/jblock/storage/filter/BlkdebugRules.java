package io.jblock.storage.filter;

import io.jblock.ffm.Errno;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.options.OptionValues;
import io.jblock.storage.spi.DebugEvent;
import io.jblock.storage.spi.NodeOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * blkdebug's rule engine, with QEMU's semantics (block/blkdebug.c): rules hang on an event; when
 * the event is announced, its {@code set-state} rules move the state number (which starts at 1)
 * and its {@code inject-error} rules whose {@code state} matches become the active rules,
 * replacing whatever was active before. Every request is then checked against the active rules
 * in the order they were defined: the first one whose {@code iotype} and {@code sector} match
 * decides; it fails the request with its {@code errno} (0: nothing happens), and a {@code once}
 * rule is removed after that. The pseudo-event {@code none} is announced once at open, so its
 * rules are active from the start.
 *
 * <p>jblock extensions on {@code inject-error} (QEMU refuses them): {@code x-offset} and
 * {@code x-length} (bytes; the request must overlap {@code [x-offset, x-offset + x-length)},
 * {@code x-length} defaults to 1), {@code x-after} (the first N requests the rule would fail pass,
 * the next one fails: "the N+1-th write").
 *
 * <p>Thread-safe: one lock guards state, rules and the active list; it is a leaf lock held only
 * for list walks (announcers may hold their own metadata locks).
 */
final class BlkdebugRules {

    /** Index of the pseudo-event {@code none}, after the real events. */
    static final int NONE = DebugEvent.values().length;
    static final int EVENTS = NONE + 1;

    private static final Set<String> INJECT_KEYS = Set.of("event", "state", "iotype", "errno", "sector", "once",
            "immediately", "x-offset", "x-length", "x-after");
    private static final Set<String> SET_STATE_KEYS = Set.of("event", "state", "new_state", "new-state");

    /** One rule: an error to inject, or a state change, on one event. */
    static final class Rule {
        final boolean inject;
        final int event;
        final int state;
        final int ioMask;
        final int errno;
        final boolean once;
        final long sectorOffset;
        final long rangeStart;
        final long rangeLength;
        final int newState;
        final String label;
        /** Requests still to let through ({@code x-after}); guarded by the engine's lock. */
        long skip;

        private Rule(boolean inject, int event, int state, int ioMask, int errno, boolean once, long sectorOffset,
                     long rangeStart, long rangeLength, long skip, int newState, String label) {
            this.inject = inject;
            this.event = event;
            this.state = state;
            this.ioMask = ioMask;
            this.errno = errno;
            this.once = once;
            this.sectorOffset = sectorOffset;
            this.rangeStart = rangeStart;
            this.rangeLength = rangeLength;
            this.skip = skip;
            this.newState = newState;
            this.label = label;
        }

        /** QEMU's test: the iotype bit, and the sector (and jblock's range) inside the request. */
        boolean matches(long offset, long bytes, BlkdebugIoType type) {
            if ((ioMask & BlkdebugIoType.bit(type)) == 0) {
                return false;
            }
            if (sectorOffset != -1 && !(bytes > 0 && sectorOffset >= offset && sectorOffset - offset < bytes)) {
                return false;
            }
            return rangeLength == 0 || (bytes > 0 && offset < rangeStart + rangeLength && rangeStart < offset + bytes);
        }

        /** For messages: where the rule came from and what it waits for. */
        String describe() {
            return label + " (event " + eventName(event) + ")";
        }
    }

    private final Object lock = new Object();
    private final List<List<Rule>> byEvent = new ArrayList<>();
    private final ArrayDeque<Rule> active = new ArrayDeque<>();
    private int state = 1;

    BlkdebugRules() {
        for (int i = 0; i < EVENTS; i++) {
            byEvent.add(new ArrayList<>());
        }
    }

    static String eventName(int index) {
        return index == NONE ? "none" : DebugEvent.values()[index].qemuName();
    }

    // ---------------------------------------------------------------- parsing

    /** Rules from the sections of a config file, in file order. */
    static List<Rule> fromConfig(List<BlkdebugConfigFile.Section> sections, String nodeName) {
        List<Rule> out = new ArrayList<>();
        for (BlkdebugConfigFile.Section s : sections) {
            out.add(rule(s.group(), s.values(), s.where(), nodeName));
        }
        return out;
    }

    /**
     * Rules from the node's {@code inject-error.*} and {@code set-state.*} options (each either
     * one unnumbered section, {@code inject-error.event=...}, or numbered ones from 0), marking
     * them used: inject-error rules first, then set-state rules, as QEMU adds them.
     */
    static List<Rule> fromOptions(NodeOptions o, String nodeName) {
        List<Rule> out = new ArrayList<>();
        for (String group : List.of("inject-error", "set-state")) {
            List<Map<String, String>> sections = sections(o, group, nodeName);
            for (int i = 0; i < sections.size(); i++) {
                out.add(rule(group, sections.get(i), "rule " + group + "." + i, nodeName));
            }
        }
        return out;
    }

    private static List<Map<String, String>> sections(NodeOptions o, String group, String nodeName) {
        String prefix = group + ".";
        Map<String, String> direct = new LinkedHashMap<>();
        TreeMap<Integer, Map<String, String>> indexed = new TreeMap<>();
        for (String key : o.unusedKeys()) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            String value = o.string(key).orElse("");
            if (dot < 0) {
                direct.put(rest, value);
            } else if (rest.substring(0, dot).chars().allMatch(Character::isDigit) && dot <= 9) {
                indexed.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), k -> new LinkedHashMap<>())
                        .put(rest.substring(dot + 1), value);
            } else {
                throw new InvalidOptionException("Unknown option '" + rest + "' for [" + group + "]", nodeName, key);
            }
        }
        if (!direct.isEmpty() && !indexed.isEmpty()) {
            String k = direct.keySet().iterator().next();
            throw new InvalidOptionException("Unknown option '" + k + "' for [" + group + "]", nodeName, prefix + k);
        }
        if (!direct.isEmpty()) {
            return List.of(direct);
        }
        List<Map<String, String>> out = new ArrayList<>();
        while (indexed.containsKey(out.size())) {
            out.add(indexed.remove(out.size()));
        }
        if (!indexed.isEmpty()) {
            var first = indexed.firstEntry();
            String k = first.getKey() + "." + first.getValue().keySet().iterator().next();
            throw new InvalidOptionException("Unused option '" + k + "' for [" + group + "] (sections are numbered"
                    + " from 0 without gaps)", nodeName, prefix + k);
        }
        return out;
    }

    private static Rule rule(String group, Map<String, String> v, String label, String nodeName) {
        boolean inject = group.equals("inject-error");
        Set<String> known = inject ? INJECT_KEYS : SET_STATE_KEYS;
        for (String k : v.keySet()) {
            if (!known.contains(k)) {
                throw new InvalidOptionException("[" + group + "] section doesn't support the option '" + k + "'",
                        nodeName, group + "." + k);
            }
        }
        String eventName = v.get("event");
        if (eventName == null) {
            throw new InvalidOptionException("Missing event name for rule (" + label + ")", nodeName, group + ".event");
        }
        int event = eventIndex(eventName.strip());
        if (event < 0) {
            throw new InvalidOptionException("Invalid event name '" + eventName + "' for rule (" + label
                    + "); events are QEMU's BlkdebugEvent names (l2_update, write_aio, flush_to_disk, none, ...)",
                    nodeName, group + ".event");
        }
        int state = (int) number(v, "state", 0, group, nodeName);
        if (!inject) {
            String ns = v.containsKey("new_state") ? "new_state" : "new-state";
            return new Rule(false, event, state, 0, 0, false, -1, 0, 0, 0,
                    (int) number(v, ns, 0, group, nodeName), label);
        }
        int errno = (int) number(v, "errno", Errno.EIO, group, nodeName);
        boolean once = bool(v, "once", group, nodeName);
        bool(v, "immediately", group, nodeName); // accepted: jblock requests have no separate completion path
        long sector = number(v, "sector", -1, group, nodeName);
        int mask = BlkdebugIoType.DEFAULT_MASK;
        if (v.containsKey("iotype")) {
            BlkdebugIoType t = BlkdebugIoType.ofQemuName(v.get("iotype").strip());
            if (t == null) {
                throw new InvalidOptionException("Invalid iotype '" + v.get("iotype") + "' (read, write, write-zeroes,"
                        + " discard, flush or block-status)", nodeName, group + ".iotype");
            }
            mask = BlkdebugIoType.bit(t);
        }
        long rangeStart = v.containsKey("x-offset") ? OptionValues.size(group + ".x-offset", v.get("x-offset"), nodeName) : 0;
        long rangeLength = v.containsKey("x-offset") || v.containsKey("x-length")
                ? OptionValues.size(group + ".x-length", v.getOrDefault("x-length", "1"), nodeName) : 0;
        if ((v.containsKey("x-offset") || v.containsKey("x-length")) && rangeLength == 0) {
            throw new InvalidOptionException("x-length must be at least 1", nodeName, group + ".x-length");
        }
        long after = number(v, "x-after", 0, group, nodeName);
        if (after < 0) {
            throw new InvalidOptionException("x-after must not be negative", nodeName, group + ".x-after");
        }
        if (sector < -1 || sector > Long.MAX_VALUE / 512) {
            throw new InvalidOptionException("sector " + sector + " out of range", nodeName, group + ".sector");
        }
        return new Rule(true, event, state, mask, errno, once, sector == -1 ? -1 : sector * 512, rangeStart,
                rangeLength, after, 0, label);
    }

    /** The index of QEMU's event {@code name} ({@code none} included), or -1. */
    static int eventIndex(String name) {
        if (name.equals("none")) {
            return NONE;
        }
        DebugEvent e = DebugEvent.ofQemuName(name);
        return e == null ? -1 : e.ordinal();
    }

    /** QEMU_OPT_NUMBER: decimal, 0x hexadecimal or 0-prefixed octal. */
    private static long number(Map<String, String> v, String key, long dflt, String group, String nodeName) {
        String s = v.get(key);
        if (s == null) {
            return dflt;
        }
        try {
            return Long.decode(s.strip());
        } catch (NumberFormatException e) {
            throw new InvalidOptionException("Parameter '" + group + "." + key + "' expects a number", nodeName,
                    group + "." + key);
        }
    }

    private static boolean bool(Map<String, String> v, String key, String group, String nodeName) {
        String s = v.get(key);
        return s != null && OptionValues.bool(group + "." + key, s, nodeName);
    }

    // ---------------------------------------------------------------- engine

    /**
     * Adds rules in definition order; with {@code activateNone}, inject rules on {@code none}
     * whose state matches join the active rules at once (rules added while open).
     */
    void add(List<Rule> rules, boolean activateNone) {
        synchronized (lock) {
            for (Rule r : rules) {
                byEvent.get(r.event).add(r);
                if (activateNone && r.inject && r.event == NONE && (r.state == 0 || r.state == state)) {
                    active.addLast(r);
                }
            }
        }
    }

    /** Forgets every rule. */
    void clear() {
        synchronized (lock) {
            for (List<Rule> l : byEvent) {
                l.clear();
            }
            active.clear();
        }
    }

    /** QEMU's blkdebug_debug_event: state changes and a new set of active rules. */
    void event(int index) {
        synchronized (lock) {
            List<Rule> rules = byEvent.get(index);
            if (rules.isEmpty()) {
                return;
            }
            int newState = state;
            boolean first = true;
            // QEMU walks newest first and pushes each inject rule at the head of the active list,
            // so the active list ends up in definition order and the last-defined set-state wins
            for (int i = rules.size() - 1; i >= 0; i--) {
                Rule r = rules.get(i);
                if (r.state != 0 && r.state != state) {
                    continue;
                }
                if (r.inject) {
                    if (first) {
                        active.clear();
                        first = false;
                    }
                    active.addFirst(r);
                } else {
                    newState = r.newState;
                }
            }
            state = newState;
        }
    }

    /**
     * QEMU's rule_check: the rule that fails this request, or null. Consumes a {@code once}
     * rule and counts down {@code x-after}.
     */
    Rule check(long offset, long bytes, BlkdebugIoType type) {
        synchronized (lock) {
            Rule found = null;
            for (Rule r : active) {
                if (r.matches(offset, bytes, type)) {
                    found = r;
                    break;
                }
            }
            if (found == null || found.errno == 0) {
                return null;
            }
            if (found.skip > 0) {
                found.skip--;
                return null;
            }
            if (found.once) {
                for (Iterator<Rule> it = active.iterator(); it.hasNext(); ) {
                    if (it.next() == found) {
                        it.remove();
                    }
                }
                byEvent.get(found.event).remove(found);
            }
            return found;
        }
    }

    /** The state number now. */
    int state() {
        synchronized (lock) {
            return state;
        }
    }
}
