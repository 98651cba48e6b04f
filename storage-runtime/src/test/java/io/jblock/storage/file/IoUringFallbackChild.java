package io.jblock.storage.file;

import io.jblock.ffm.linux.Arch;
import io.jblock.ffm.linux.Libc;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Child process of {@link IoUringFallbackTest}: {@code IoUringFallbackChild ERRNO|none IMAGE}.
 * With an errno, it first installs a seccomp filter that makes {@code io_uring_setup} fail with
 * that errno in this thread and every thread it starts (the way a container's seccomp profile
 * refuses io_uring), then opens IMAGE twice with {@code aio=io_uring} and once with
 * {@code aio=native}, writes and reads through the asynchronous forms, and prints one line per
 * node: {@code ring=true|false}, then {@code ok}. The log goes to stderr (slf4j-simple).
 */
public final class IoUringFallbackChild {

    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int PR_SET_SECCOMP = 22;
    private static final int SECCOMP_MODE_FILTER = 2;
    private static final int SECCOMP_RET_ERRNO = 0x00050000;
    private static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    private static final short BPF_LD_W_ABS = 0x20;
    private static final short BPF_JMP_JEQ_K = 0x15;
    private static final short BPF_RET_K = 0x06;

    public static void main(String[] args) throws Throwable {
        if (!args[0].equals("none")) {
            denyIoUringSetup(Integer.parseInt(args[0]));
        }
        String image = args[1];
        try (Arena arena = Arena.ofShared()) {
            MemorySegment src = arena.allocate(4096, 4096);
            MemorySegment dst = arena.allocate(4096, 4096);
            String[] aios = {"io_uring", "io_uring", "native"};
            for (int i = 0; i < aios.length; i++) {
                try (BlockNode node = BlockGraph.open("driver=file,cache=none,aio=" + aios[i] + ",filename=" + image)) {
                    System.out.println("ring=" + (FileDriverProbe.ring(node) != null));
                    src.fill((byte) (i + 1));
                    node.writeAsync(i * 4096L, src, RequestFlags.FUA).get();
                    node.readAsync(i * 4096L, dst).get();
                    if (dst.mismatch(src) != -1) {
                        throw new AssertionError("read back other bytes than written");
                    }
                    node.flushAsync().get();
                }
            }
        }
        System.out.println("ok");
    }

    /** seccomp(2) filter: io_uring_setup fails with {@code errno}; everything else is allowed. */
    private static void denyIoUringSetup(int errno) throws Throwable {
        int auditArch = Arch.current() == Arch.X86_64 ? 0xC000003E : 0xC00000B7;
        int nr = (int) Libc.SYS_io_uring_setup();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment prog = arena.allocate(8L * 6, 8);
            int i = 0;
            i = insn(prog, i, BPF_LD_W_ABS, 0, 0, 4);                        // A = seccomp_data.arch
            i = insn(prog, i, BPF_JMP_JEQ_K, 0, 3, auditArch);               // another ABI: allow
            i = insn(prog, i, BPF_LD_W_ABS, 0, 0, 0);                        // A = seccomp_data.nr
            i = insn(prog, i, BPF_JMP_JEQ_K, 0, 1, nr);
            i = insn(prog, i, BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | (errno & 0xffff));
            i = insn(prog, i, BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW);
            MemorySegment fprog = arena.allocate(16, 8);
            fprog.set(ValueLayout.JAVA_SHORT, 0, (short) i);
            fprog.set(ValueLayout.ADDRESS, 8, prog);
            Linker linker = Linker.nativeLinker();
            MemorySegment prctl = linker.defaultLookup().find("prctl").orElseThrow();
            MethodHandle h = linker.downcallHandle(prctl, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1));
            if ((int) h.invokeExact(PR_SET_NO_NEW_PRIVS, 1L, MemorySegment.NULL, 0L, 0L) != 0) {
                throw new IllegalStateException("prctl(PR_SET_NO_NEW_PRIVS) failed");
            }
            if ((int) h.invokeExact(PR_SET_SECCOMP, (long) SECCOMP_MODE_FILTER, fprog, 0L, 0L) != 0) {
                throw new IllegalStateException("prctl(PR_SET_SECCOMP) failed");
            }
        }
    }

    private static int insn(MemorySegment prog, int i, short code, int jt, int jf, int k) {
        long base = 8L * i;
        prog.set(ValueLayout.JAVA_SHORT, base, code);
        prog.set(ValueLayout.JAVA_BYTE, base + 2, (byte) jt);
        prog.set(ValueLayout.JAVA_BYTE, base + 3, (byte) jf);
        prog.set(ValueLayout.JAVA_INT, base + 4, k);
        return i + 1;
    }

    private IoUringFallbackChild() {
    }
}
