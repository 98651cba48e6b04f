package io.jblock.storage.testdriver;

import java.util.ArrayList;
import java.util.List;

/**
 * What the test drivers did, in order, as {@code "NODE:EVENT"} strings (open, invalidate,
 * write-permission=true/false, inactivate, flush, close), and every alignment violation they
 * saw. Global: tests clear it first and run one at a time (surefire's default).
 */
public final class DriverEvents {

    private static final List<String> EVENTS = new ArrayList<>();
    private static final List<String> VIOLATIONS = new ArrayList<>();

    private DriverEvents() {
    }

    static synchronized void record(String node, String event) {
        EVENTS.add(node + ":" + event);
    }

    /** Records a broken driver-contract promise and fails the request loudly. */
    static AssertionError violation(String what) {
        synchronized (DriverEvents.class) {
            VIOLATIONS.add(what);
        }
        return new AssertionError("driver contract violated: " + what);
    }

    /** Events so far. */
    public static synchronized List<String> events() {
        return List.copyOf(EVENTS);
    }

    /** Events of one node, without the node prefix. */
    public static synchronized List<String> eventsOf(String node) {
        List<String> out = new ArrayList<>();
        for (String e : EVENTS) {
            if (e.startsWith(node + ":")) {
                out.add(e.substring(node.length() + 1));
            }
        }
        return out;
    }

    /** Alignment and range violations the drivers saw. */
    public static synchronized List<String> violations() {
        return List.copyOf(VIOLATIONS);
    }

    /** Forgets everything. */
    public static synchronized void clear() {
        EVENTS.clear();
        VIOLATIONS.clear();
    }
}
