package io.jblock.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * This process's CPU time split between the JVM's own service threads (JIT compilers, garbage
 * collector, VM thread) and every other thread (the ones that issue and complete I/O), from
 * {@code /proc/self/task/TID/stat}. fio reports the CPU time of its job alone; a JVM's compiler
 * threads do work that does not recur per request, so {@code jblock bench} reports both.
 *
 * <p>A thread that exits between two samples loses its ticks from the per-thread sums; the
 * split charges them to the I/O threads (the whole process's figure, from
 * {@code /proc/self/stat}, still holds them), so the I/O figure never understates.
 */
final class ThreadCpu {
    /** USER_HZ is 100 on every Linux architecture jblock runs on. */
    static final long NANOS_PER_TICK = 10_000_000L;

    /**
     * CPU ticks at one moment.
     *
     * @param processUser   the whole process's user ticks
     * @param processSystem the whole process's system ticks
     * @param perThread     user and system ticks of each JVM service thread alive, by thread id
     */
    record Sample(long processUser, long processSystem, Map<String, long[]> perThread) {
    }

    /**
     * CPU time between two samples, in nanoseconds.
     *
     * @param user          the whole process's user time
     * @param system        the whole process's system time
     * @param serviceUser   user time of the JVM's service threads
     * @param serviceSystem system time of the JVM's service threads
     */
    record Split(long user, long system, long serviceUser, long serviceSystem) {
        /** {@return user time of every thread but the JVM's service threads} */
        long ioUser() {
            return user - serviceUser;
        }

        /** {@return system time of every thread but the JVM's service threads} */
        long ioSystem() {
            return system - serviceSystem;
        }
    }

    private ThreadCpu() {
    }

    /**
     * Whether a thread of this name (its {@code comm}, at most 15 characters) is one of the JVM's
     * own: HotSpot's compiler, GC, VM-operation and service threads.
     */
    static boolean isJvmService(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")
                || comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")
                || comm.startsWith("VM Periodic") || comm.equals("Service Thread")
                || comm.startsWith("Monitor Deflati") || comm.startsWith("Sweeper thread");
    }

    /** {@return the ticks now, or null where /proc cannot be read} */
    static Sample sample() {
        try {
            long[] process = ticks(Path.of("/proc/self/stat"));
            Map<String, long[]> service = new HashMap<>();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    try {
                        String comm = Files.readString(task.resolve("comm")).strip();
                        if (isJvmService(comm)) {
                            service.put(task.getFileName().toString(), ticks(task.resolve("stat")));
                        }
                    } catch (IOException gone) {
                        // the thread exited while the directory was read
                    }
                }
            }
            return new Sample(process[0], process[1], service);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The CPU time from {@code before} to {@code after}; a service thread missing from
     * {@code before} started in between and counts from zero.
     */
    static Split between(Sample before, Sample after) {
        long su = 0;
        long ss = 0;
        for (Map.Entry<String, long[]> e : after.perThread().entrySet()) {
            long[] b = before.perThread().getOrDefault(e.getKey(), new long[2]);
            su += e.getValue()[0] - b[0];
            ss += e.getValue()[1] - b[1];
        }
        long user = after.processUser() - before.processUser();
        long system = after.processSystem() - before.processSystem();
        // a service thread that exited took its ticks out of the sums; never report more than the process
        su = Math.min(Math.max(su, 0), user);
        ss = Math.min(Math.max(ss, 0), system);
        return new Split(user * NANOS_PER_TICK, system * NANOS_PER_TICK, su * NANOS_PER_TICK, ss * NANOS_PER_TICK);
    }

    /** utime and stime (fields 14 and 15) of a stat file. */
    private static long[] ticks(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }
}
