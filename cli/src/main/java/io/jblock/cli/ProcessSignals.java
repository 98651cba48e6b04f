package io.jblock.cli;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * The C library's {@code raise(3)} and {@code abort(3)}, for qemu-io's {@code sigraise} and
 * {@code abort}: the process must really die of the signal (a shell then reports
 * {@code Killed} or {@code Aborted}), which no Java API can do to its own process. The JVM
 * catches neither SIGKILL (it cannot) nor SIGABRT. Linked on first use.
 */
final class ProcessSignals {
    private ProcessSignals() {
    }

    private static final class Raise {
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("raise").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static final class Abort {
        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("abort").orElseThrow(),
                FunctionDescriptor.ofVoid());
    }

    /** {@code raise(signal)}: returns only if the signal does not end the process (0 or -1). */
    static int raise(int signal) {
        try {
            return (int) Raise.HANDLE.invokeExact(signal);
        } catch (Throwable t) {
            throw new IllegalStateException("raise(" + signal + ") failed", t);
        }
    }

    /** {@code abort()}: ends the process with SIGABRT; never returns. */
    static void abort() {
        try {
            Abort.HANDLE.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("abort() failed", t);
        }
        throw new IllegalStateException("abort() returned");
    }
}
