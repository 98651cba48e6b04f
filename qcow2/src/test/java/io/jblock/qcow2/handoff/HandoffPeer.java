package io.jblock.qcow2.handoff;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.OpenOptions;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * One side of a migration handoff, run in a JVM of its own by {@link PeerProcess}: opens one
 * block graph and obeys one command a line on stdin, answering each with exactly one line on
 * stdout, {@code ok [RESULT]} or {@code err EXCEPTION-CLASS: MESSAGE}. Everything else the JVM
 * prints goes to stderr, so stdout carries only answers.
 *
 * <pre>
 * open SPEC | open-inactive SPEC    open the graph (active or inactive)    -> ok STATE
 * write OFF LEN PATTERN             write LEN bytes of {@link GuestPattern}  -> ok
 * verify OFF LEN PATTERN            read and compare                        -> ok match | ok mismatch at X
 * flush | inactivate | activate     as BlockNode                            -> ok [STATE]
 * state                             the root node's NodeState               -> ok STATE
 * residency PATH                    page cache bytes of PATH                -> ok BYTES METHOD
 * close | quit                      close the graph (quit: and exit)        -> ok
 * </pre>
 * Reads and writes go through the root node; a buffer lives for one command.
 */
public final class HandoffPeer {
    private BlockNode root;

    private HandoffPeer() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing but answers on stdout
        HandoffPeer peer = new HandoffPeer();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = commands.readLine()) != null) {
            String answer;
            try {
                answer = "ok" + peer.run(line.trim());
            } catch (Throwable t) {
                t.printStackTrace();
                answer = "err " + t.getClass().getSimpleName() + ": " + String.valueOf(t.getMessage()).replace('\n', ' ');
            }
            answers.println(answer);
            if (line.trim().equals("quit")) {
                break;
            }
        }
        try {
            peer.closeGraph();
        } finally {
            System.exit(0); // the graph's worker threads must not keep the JVM alive
        }
    }

    private String run(String line) throws IOException {
        String[] w = line.split(" ", 2);
        String rest = w.length > 1 ? w[1] : "";
        return switch (w[0]) {
            case "open" -> open(rest, false);
            case "open-inactive" -> open(rest, true);
            case "write" -> write(rest.split(" "));
            case "verify" -> verify(rest.split(" "));
            case "flush" -> {
                node().flush();
                yield "";
            }
            case "inactivate" -> {
                node().inactivate();
                yield " " + root.state();
            }
            case "activate" -> {
                node().activate();
                yield " " + root.state();
            }
            case "state" -> " " + node().state();
            case "residency" -> " " + PageCacheProbe.residentBytes(rest);
            case "close", "quit" -> {
                closeGraph();
                yield "";
            }
            default -> throw new IllegalArgumentException("unknown command: " + line);
        };
    }

    private String open(String spec, boolean inactive) throws IOException {
        if (root != null) {
            throw new IllegalStateException("a graph is open already");
        }
        root = BlockGraph.open(spec, OpenOptions.defaults().inactive(inactive));
        return " " + root.state();
    }

    private BlockNode node() {
        if (root == null) {
            throw new IllegalStateException("no graph is open");
        }
        return root;
    }

    private String write(String[] a) throws IOException {
        long off = Long.parseLong(a[0]);
        int len = Integer.parseInt(a[1]);
        GuestPattern p = new GuestPattern(a[2]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(len);
            p.fill(buf, off);
            node().write(off, buf);
        }
        return "";
    }

    private String verify(String[] a) throws IOException {
        long off = Long.parseLong(a[0]);
        int len = Integer.parseInt(a[1]);
        GuestPattern p = new GuestPattern(a[2]);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(len);
            node().read(off, buf);
            long bad = p.firstMismatch(buf, off);
            if (bad < 0) {
                return " match";
            }
            byte got = buf.get(ValueLayout.JAVA_BYTE, bad - off);
            return String.format(" mismatch at %d: got 0x%02x, %s has 0x%02x", bad, got & 0xff, p, p.at(bad) & 0xff);
        }
    }

    private void closeGraph() throws IOException {
        BlockNode r = root;
        root = null;
        if (r != null) {
            r.close();
        }
    }
}
