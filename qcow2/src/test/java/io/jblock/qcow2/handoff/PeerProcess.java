package io.jblock.qcow2.handoff;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link HandoffPeer} in a second JVM (same java binary and class path as this one), driven
 * over its stdin and stdout. Every wait is bounded: an answer that does not come within
 * {@link #ANSWER_TIMEOUT_SECONDS} fails the test with the peer's stderr, and {@link #close()}
 * kills the process if it does not quit by itself.
 */
final class PeerProcess implements AutoCloseable {
    /** Generous: a command takes milliseconds, but the machine is shared and a cold JVM is slow. */
    static final long ANSWER_TIMEOUT_SECONDS = 60;
    private static final String EOF = "\u0000eof";

    private final String name;
    private final Process process;
    private final Path stderr;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    /** An answer: {@code ok} with its text, or an error with the exception class and message. */
    record Answer(boolean ok, String text) {
    }

    private PeerProcess(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(this::pumpAnswers, "handoff-peer-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts a peer named {@code name} (for messages); its stderr goes to {@code stderr}. */
    static PeerProcess start(String name, Path stderr) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot find this JVM's java binary"));
        List<String> cmd = new ArrayList<>(List.of(java,
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", // small and quick to start
                "-cp", System.getProperty("java.class.path"),
                HandoffPeer.class.getName()));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
                .start();
        return new PeerProcess(name, p, stderr);
    }

    private void pumpAnswers() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                answers.add(line);
            }
        } catch (IOException e) {
            // the process died; the EOF below says so
        }
        answers.add(EOF);
    }

    /** Sends one command and returns its answer, whether ok or err. */
    Answer send(String command) throws IOException {
        if (!process.isAlive()) {
            fail(name + " is not running (exit " + process.exitValue() + "); stderr:\n" + stderrTail());
        }
        commands.write(command + "\n");
        commands.flush();
        String line;
        try {
            line = answers.poll(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + name, e);
        }
        if (line == null) {
            fail(name + " gave no answer to '" + command + "' within " + ANSWER_TIMEOUT_SECONDS + " s; stderr:\n"
                    + stderrTail());
        }
        if (line.equals(EOF)) {
            fail(name + " exited while running '" + command + "'; stderr:\n" + stderrTail());
        }
        if (line.equals("ok") || line.startsWith("ok ")) {
            return new Answer(true, line.length() > 3 ? line.substring(3) : "");
        }
        if (line.startsWith("err ")) {
            return new Answer(false, line.substring(4));
        }
        fail(name + " answered '" + command + "' with an unexpected line: " + line);
        return null;
    }

    /** Sends a command that must succeed; returns the answer's text. */
    String ok(String command) throws IOException {
        Answer a = send(command);
        if (!a.ok()) {
            fail(name + ": '" + command + "' failed: " + a.text() + "\nstderr:\n" + stderrTail());
        }
        return a.text();
    }

    /** Sends a command that must fail; returns {@code EXCEPTION-CLASS: MESSAGE}. */
    String err(String command) throws IOException {
        Answer a = send(command);
        if (a.ok()) {
            fail(name + ": '" + command + "' should have failed but answered ok " + a.text());
        }
        return a.text();
    }

    String stderrTail() {
        try {
            String s = Files.readString(stderr);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    /** Asks the peer to quit (closing its graph), then kills it if it has not exited in time. */
    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                commands.write("quit\n");
                commands.flush();
                commands.close();
            }
        } catch (IOException e) {
            // the process is gone already; the kill below is all there is to do
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
