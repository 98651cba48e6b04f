package io.jblock.ffm;

import io.jblock.ffm.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Run by {@link NativeAccessTest} in a child JVM on the class path: uses the checked layer twice,
 * then (the control) a raw binding twice, which has no gate, printing what each call gave.
 */
public final class NativeAccessProbe {

    private NativeAccessProbe() {
    }

    public static void main(String[] args) {
        String file = args[0];
        System.out.println("constant: " + Libc.O_RDONLY()); // initialising Libc is not restricted
        for (int i = 1; i <= 2; i++) {
            try {
                int fd = PosixIO.openFd(file, Libc.O_RDONLY(), 0);
                PosixIO.closeFd(fd, file);
                System.out.println("posixio " + i + ": ok");
            } catch (Throwable t) {
                System.out.println("posixio " + i + ": " + t);
            }
        }
        MemorySegment capture = Arena.global().allocate(Libc.errnoCaptureLayout());
        for (int i = 1; i <= 2; i++) {
            try {
                System.out.println("raw " + i + ": returned " + Libc.fdatasync(capture, -1));
            } catch (Throwable t) {
                System.out.println("raw " + i + ": " + t);
            }
        }
    }
}
