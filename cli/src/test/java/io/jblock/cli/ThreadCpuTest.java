package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The split of the process's CPU time between the JVM's service threads and the others. */
class ThreadCpuTest {
    private static volatile boolean spinning;
    private static volatile long sink;

    /** The CPU time split over half a second while a thread of this name spins. */
    private static ThreadCpu.Split whileSpinning(String name) throws InterruptedException {
        spinning = true;
        Thread t = new Thread(() -> {
            long x = 0;
            while (spinning) {
                x += x * 31 + 7;
            }
            sink = x;
        }, name);
        t.start();
        Thread.sleep(20);
        ThreadCpu.Sample a = ThreadCpu.sample();
        Thread.sleep(500);
        ThreadCpu.Sample b = ThreadCpu.sample(); // the thread is still alive: its ticks are in both
        spinning = false;
        t.join();
        assertNotNull(a);
        assertNotNull(b);
        return ThreadCpu.between(a, b);
    }

    @Test
    void namesOfTheJvmsOwnThreads() {
        for (String s : new String[] {"C1 CompilerThre", "C2 CompilerThre", "GC Thread#0", "G1 Conc#0",
                "G1 Refine#0", "VM Thread", "VM Periodic Tas", "Service Thread", "Monitor Deflati"}) {
            assertTrue(ThreadCpu.isJvmService(s), s);
        }
        for (String s : new String[] {"main", "java", "jblock-io-0", "convert-copy-1", "iouring-reap"}) {
            assertFalse(ThreadCpu.isJvmService(s), s);
        }
    }

    /** A busy service-named thread lands in the service share; a busy other thread does not. */
    @Test
    void busyThreadsAreChargedToTheirSide() throws InterruptedException {
        // a Java thread's name becomes its native name (comm, cut at 15 characters), as HotSpot's own do
        ThreadCpu.Split service = whileSpinning("VM Periodic Task spin");
        assertTrue(service.serviceUser() >= 250_000_000L, "a thread named as the JVM's counts as its: " + service);
        ThreadCpu.Split io = whileSpinning("bench-spin");
        assertTrue(io.ioUser() >= 250_000_000L, "another thread counts as I/O: " + io);
        assertTrue(io.serviceUser() < 150_000_000L, "and not as the JVM's: " + io);
    }
}
