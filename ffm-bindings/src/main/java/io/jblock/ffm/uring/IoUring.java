package io.jblock.ffm.uring;

import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.IoCqringOffsets;
import io.jblock.ffm.linux.IoSqringOffsets;
import io.jblock.ffm.linux.IoUringCqe;
import io.jblock.ffm.linux.IoUringParams;
import io.jblock.ffm.linux.IoUringSqe;
import io.jblock.ffm.linux.Iovec;
import io.jblock.ffm.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One io_uring instance with the one thread that submits to it and reaps it (QEMU's
 * block/io_uring.c per AioContext), made with raw {@code io_uring_setup}/{@code _enter}/{@code
 * _register} calls and driven through its mmapped rings.
 *
 * <h2>Threads</h2>
 * Any thread may submit ({@link #read}, {@link #write}, {@link #fsync}, {@link #fallocate},
 * {@link #nop}): it takes one of the {@link #capacity()} preallocated request slots, fills it,
 * queues its index and, if the ring thread sleeps, wakes it through an eventfd the ring keeps a
 * read posted on. Only the ring thread touches the SQ and CQ: it moves queued slots into SQEs,
 * submits them and waits for completions in one {@code io_uring_enter} per round, and calls each
 * request's {@link UringCompletion} by value once its slot is free again. Being the only
 * submitter lets the ring use {@code IORING_SETUP_SINGLE_ISSUER | DEFER_TASKRUN} where the kernel
 * has them (6.1+): completion work then runs in the ring thread's own wait, batched, instead of
 * interrupting whichever thread submitted. Queued requests are submitted together (batched
 * submission) and every completion that is ready is reaped in one pass.
 *
 * <h2>Back-pressure</h2>
 * At most {@link #capacity()} requests are in flight; the CQ has room for all of them, so it
 * never overflows. A submitter that finds every slot taken waits until a completion frees one
 * (uninterruptibly: a request that was accepted runs). The ring thread itself never waits (a
 * callback submitting more work would wait for itself): its surplus requests are kept in a list
 * and moved into slots as they free up.
 *
 * <h2>Memory ordering and lifetimes</h2>
 * SQ tail and CQ head are published with release stores, the kernel's SQ head and CQ tail read
 * with acquire loads ({@link VarHandle}). The rings are mapped into a shared {@link Arena} of
 * this ring and unmapped only after the ring thread has seen the completion of every request it
 * submitted: {@link #close()} stops new submissions, waits until nothing is in flight, and only
 * then releases the rings, the registered files and the eventfd. A request's buffer stays
 * referenced from its slot until its completion arrives, so an automatic arena cannot free it
 * under the kernel; a buffer of an arena the caller closes is the caller's business (keep it
 * open until the completion).
 *
 * <h2>Files</h2>
 * The descriptors given to {@link #open} are registered ({@code IORING_REGISTER_FILES}) and
 * requests name them by index; where registration is refused the plain descriptor is used.
 */
public final class IoUring implements AutoCloseable {

    /** Requests in flight at most, unless {@link #open} is told otherwise. */
    public static final int DEFAULT_CAPACITY = 256;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long WAKE = -1L;
    private static final long SQE_SIZE = IoUringSqe.sizeof();
    private static final long CQE_SIZE = IoUringCqe.sizeof();
    private static final long SQE_OPCODE = IoUringSqe.opcode$offset();
    private static final long SQE_FLAGS = IoUringSqe.flags$offset();
    private static final long SQE_FD = IoUringSqe.fd$offset();
    private static final long SQE_OFF = IoUringSqe.off$offset();
    private static final long SQE_ADDR = IoUringSqe.addr$offset();
    private static final long SQE_LEN = IoUringSqe.len$offset();
    private static final long SQE_OP_FLAGS = IoUringSqe.rw_flags$offset();
    private static final long SQE_USER_DATA = IoUringSqe.user_data$offset();
    private static final long SQE_BUF_INDEX = IoUringSqe.buf_index$offset();
    private static final long CQE_USER_DATA = IoUringCqe.user_data$offset();
    private static final long CQE_RES = IoUringCqe.res$offset();

    private static final byte OP_NOP = (byte) Libc.IORING_OP_NOP();
    private static final byte OP_READ = (byte) Libc.IORING_OP_READ();
    private static final byte OP_WRITE = (byte) Libc.IORING_OP_WRITE();
    private static final byte OP_READ_FIXED = (byte) Libc.IORING_OP_READ_FIXED();
    private static final byte OP_WRITE_FIXED = (byte) Libc.IORING_OP_WRITE_FIXED();
    private static final byte OP_FSYNC = (byte) Libc.IORING_OP_FSYNC();
    private static final byte OP_FALLOCATE = (byte) Libc.IORING_OP_FALLOCATE();

    /** Setup flags tried in order; EINVAL (an older kernel) moves on to the next. */
    private static final int[] SETUP_FLAGS = {
        Libc.IORING_SETUP_SINGLE_ISSUER() | Libc.IORING_SETUP_DEFER_TASKRUN() | Libc.IORING_SETUP_SUBMIT_ALL(),
        Libc.IORING_SETUP_COOP_TASKRUN() | Libc.IORING_SETUP_SUBMIT_ALL(),
        0,
    };

    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Libc.errnoCaptureLayout()));

    /** A request slot; every field is written under {@link #lock} and read by the ring thread. */
    private static final class Slot {
        final int index;
        byte opcode;
        byte sqeFlags;
        int fd;
        long offset;
        long addr;
        int len;
        int opFlags;
        short bufIndex;
        MemorySegment buffer;
        UringCompletion callback;
        int tag;
        Object attachment;
        Object handler;

        Slot(int index) {
            this.index = index;
        }

        void copyFrom(Slot o) {
            opcode = o.opcode;
            sqeFlags = o.sqeFlags;
            fd = o.fd;
            offset = o.offset;
            addr = o.addr;
            len = o.len;
            opFlags = o.opFlags;
            bufIndex = o.bufIndex;
            buffer = o.buffer;
            callback = o.callback;
            tag = o.tag;
            attachment = o.attachment;
            handler = o.handler;
        }

        void clear() {
            buffer = null;
            callback = null;
            attachment = null;
            handler = null;
        }
    }

    /** The ring thread: a type, so that {@link #onRingThread()} is one check. */
    private static final class RingThread extends Thread {
        RingThread(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }

    private final String name;
    private final int capacity;
    private final int[] files;
    private final MemorySegment[] fixedBuffers;
    private final Slot[] slots;
    private final int[] freeSlots;
    private final int[] queue;
    private final int queueMask;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFreed = lock.newCondition();
    private final Condition resumed = lock.newCondition();
    private final RingThread thread;
    private final CountDownLatch started = new CountDownLatch(1);

    // guarded by lock
    private int freeCount;
    private int queueHead;
    private int queueCount;
    private int outstanding;
    private int maxOutstanding;
    private int waitingSubmitters;
    private boolean sleeping;
    private boolean closing;
    private boolean paused;
    private int heldCompletions;
    private long submittedRequests;
    private long completedRequests;

    // ring thread only
    private final ArrayDeque<Slot> overflow = new ArrayDeque<>();
    private int ringFd = -1;
    private int eventFd = -1;
    private Arena arena;
    private MemorySegment capture;
    private MemorySegment sqRing;
    private MemorySegment cqRing;
    private MemorySegment sqes;
    private MemorySegment wakeBuffer;
    private long sqHeadOff;
    private long sqTailOff;
    private long cqHeadOff;
    private long cqTailOff;
    private long cqesOff;
    private int sqMask;
    private int sqEntries;
    private int cqMask;
    private int sqTail;
    private int cqHead;
    private boolean wakeArmed;
    private boolean wakeWritten;
    /** SQEs published at the tail that the kernel has not consumed yet. */
    private int unsubmitted;
    private int[] drained;
    private long[] batchUserData;
    private int[] batchResult;
    private Slot[] batch;

    // written by the ring thread before `started` counts down, read after
    private volatile NativeIOException startFailure;
    private volatile boolean fixedFiles;
    private volatile int setupFlags;
    private volatile int features;

    private IoUring(String name, int capacity, int[] files, MemorySegment[] fixedBuffers) {
        this.name = name;
        this.capacity = capacity;
        this.files = files.clone();
        this.fixedBuffers = fixedBuffers.clone();
        this.slots = new Slot[capacity];
        this.freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Slot(i);
            freeSlots[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
        int q = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.queue = new int[q];
        this.queueMask = q - 1;
        this.thread = new RingThread(this::run, "jblock-uring-" + name);
    }

    /**
     * Sets up a ring (on its own new thread, which becomes its only submitter) for at most
     * {@code capacity} requests in flight, registering {@code files} (requests name them by
     * index) and {@code fixedBuffers} (for {@link #readFixed}/{@link #writeFixed}; may be empty).
     *
     * @param name         names the ring's thread and its messages
     * @param capacity     requests in flight at most, in [1, 4096]
     * @param files        descriptors to register; requests name them by index
     * @param fixedBuffers native buffers to register for the fixed opcodes (may be none)
     * @return the started ring
     * @throws NativeIOException when the kernel refuses io_uring ({@code io_uring_setup}: ENOSYS
     *                           without io_uring, EPERM under {@code kernel.io_uring_disabled} or a
     *                           seccomp filter, ENOMEM) or mapping the rings fails
     */
    public static IoUring open(String name, int capacity, int[] files, MemorySegment... fixedBuffers)
            throws NativeIOException {
        if (capacity < 1 || capacity > 4096) {
            throw new IllegalArgumentException("io_uring capacity must be in [1, 4096], got " + capacity);
        }
        for (MemorySegment b : fixedBuffers) {
            if (!b.isNative()) {
                throw new IllegalArgumentException("a registered buffer must be native");
            }
        }
        IoUring ring = new IoUring(name, capacity, files, fixedBuffers);
        ring.thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                ring.started.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        NativeIOException failure = ring.startFailure;
        if (failure != null) {
            joinUninterruptibly(ring.thread);
            throw failure;
        }
        return ring;
    }

    /**
     * Whether the calling thread is the thread of some ring (where waiting for a request deadlocks).
     *
     * @return true on a ring's thread
     */
    public static boolean onRingThread() {
        return Thread.currentThread() instanceof RingThread;
    }

    /**
     * Requests in flight at most.
     *
     * @return the capacity given to {@link #open}
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Whether the files given to {@link #open} were registered (else plain descriptors are used).
     *
     * @return true when the files are registered
     */
    public boolean fixedFiles() {
        return fixedFiles;
    }

    /**
     * The flags the ring was set up with (which of {@code IORING_SETUP_*} the kernel took).
     *
     * @return the setup flags
     */
    public int setupFlags() {
        return setupFlags;
    }

    /**
     * The kernel's {@code IORING_FEAT_*} bits.
     *
     * @return the feature bits
     */
    public int features() {
        return features;
    }

    /**
     * The ring's name.
     *
     * @return the name given to {@link #open}
     */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "io_uring '" + name + "'";
    }

    // ---------------------------------------------------------------- submission

    /**
     * {@code IORING_OP_READ} of {@code dst.byteSize()} bytes at {@code offset} from file
     * {@code file} (an index into the files given to {@link #open}) with {@code RWF_*} flags.
     * The result is the byte count (short at end of file) or {@code -errno}.
     *
     * @param file       index of the file
     * @param dst        where the bytes go (writable)
     * @param offset     file offset
     * @param rwFlags    {@code RWF_*} flags
     * @param callback   called once on the ring's thread when the completion arrives
     * @param tag        passed through to {@code callback}
     * @param attachment passed through to {@code callback} (kept reachable until the completion)
     * @param handler    passed through to {@code callback}
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public void read(int file, MemorySegment dst, long offset, int rwFlags, UringCompletion callback, int tag,
                     Object attachment, Object handler) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        submit(OP_READ, file, dst, offset, rwFlags, (short) 0, callback, tag, attachment, handler);
    }

    /**
     * {@code IORING_OP_WRITE} of all of {@code src} at {@code offset}, with {@code RWF_*} flags (RWF_DSYNC: FUA).
     *
     * @param file       index of the file
     * @param src        the bytes to write
     * @param offset     file offset
     * @param rwFlags    {@code RWF_*} flags
     * @param callback   called once on the ring's thread when the completion arrives
     * @param tag        passed through to {@code callback}
     * @param attachment passed through to {@code callback} (kept reachable until the completion)
     * @param handler    passed through to {@code callback}
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public void write(int file, MemorySegment src, long offset, int rwFlags, UringCompletion callback, int tag,
                      Object attachment, Object handler) {
        submit(OP_WRITE, file, src, offset, rwFlags, (short) 0, callback, tag, attachment, handler);
    }

    /**
     * {@code IORING_OP_READ_FIXED} into {@code dst}, which must lie inside registered buffer
     * {@code bufIndex}.
     *
     * @param file       index of the file
     * @param dst        where the bytes go, inside registered buffer {@code bufIndex}
     * @param offset     file offset
     * @param bufIndex   index of the registered buffer
     * @param callback   called once on the ring's thread when the completion arrives
     * @param tag        passed through to {@code callback}
     * @param attachment passed through to {@code callback} (kept reachable until the completion)
     * @param handler    passed through to {@code callback}
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public void readFixed(int file, MemorySegment dst, long offset, int bufIndex, UringCompletion callback, int tag,
                          Object attachment, Object handler) {
        checkFixed(dst, bufIndex);
        submit(OP_READ_FIXED, file, dst, offset, 0, (short) bufIndex, callback, tag, attachment, handler);
    }

    /**
     * {@code IORING_OP_WRITE_FIXED} from {@code src}, inside registered buffer {@code bufIndex}.
     *
     * @param file       index of the file
     * @param src        the bytes to write, inside registered buffer {@code bufIndex}
     * @param offset     file offset
     * @param bufIndex   index of the registered buffer
     * @param callback   called once on the ring's thread when the completion arrives
     * @param tag        passed through to {@code callback}
     * @param attachment passed through to {@code callback} (kept reachable until the completion)
     * @param handler    passed through to {@code callback}
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public void writeFixed(int file, MemorySegment src, long offset, int bufIndex, UringCompletion callback,
                           int tag, Object attachment, Object handler) {
        checkFixed(src, bufIndex);
        submit(OP_WRITE_FIXED, file, src, offset, 0, (short) bufIndex, callback, tag, attachment, handler);
    }

    /**
     * {@code IORING_OP_FSYNC} ({@code IORING_FSYNC_DATASYNC} in {@code fsyncFlags}: fdatasync).
     *
     * @param file       index of the file
     * @param fsyncFlags 0 or {@code IORING_FSYNC_DATASYNC}
     * @param callback   called once on the ring's thread when the completion arrives
     * @param tag        passed through to {@code callback}
     * @param attachment passed through to {@code callback} (kept reachable until the completion)
     * @param handler    passed through to {@code callback}
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public void fsync(int file, int fsyncFlags, UringCompletion callback, int tag, Object attachment,
                      Object handler) {
        Slot s = begin();
        fill(s, OP_FSYNC, file, 0, 0, 0, fsyncFlags, null, callback, tag, attachment, handler);
        queue(s);
    }

    /**
     * {@code IORING_OP_FALLOCATE} of {@code [offset, offset+length)} with {@code FALLOC_FL_*} mode bits.
     *
     * @param file       index of the file
     * @param mode       {@code FALLOC_FL_*} bits
     * @param offset     start of the range
     * @param length     length of the range
     * @param callback   called once on the ring's thread when the completion arrives
     * @param tag        passed through to {@code callback}
     * @param attachment passed through to {@code callback} (kept reachable until the completion)
     * @param handler    passed through to {@code callback}
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public void fallocate(int file, int mode, long offset, long length, UringCompletion callback, int tag,
                          Object attachment, Object handler) {
        Slot s = begin();
        // the kernel reads fallocate's mode from len and its length from addr
        fill(s, OP_FALLOCATE, file, offset, length, mode, 0, null, callback, tag, attachment, handler);
        queue(s);
    }

    /**
     * {@code IORING_OP_NOP}: completes with result 0.
     *
     * @param callback   called once on the ring's thread when the completion arrives
     * @param tag        passed through to {@code callback}
     * @param attachment passed through to {@code callback} (kept reachable until the completion)
     * @param handler    passed through to {@code callback}
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public void nop(UringCompletion callback, int tag, Object attachment, Object handler) {
        Slot s = begin();
        fill(s, OP_NOP, -1, 0, 0, 0, 0, null, callback, tag, attachment, handler);
        queue(s);
    }

    private void checkFixed(MemorySegment seg, int bufIndex) {
        if (bufIndex < 0 || bufIndex >= fixedBuffers.length) {
            throw new IllegalArgumentException(this + ": no registered buffer " + bufIndex);
        }
        MemorySegment b = fixedBuffers[bufIndex];
        long start = seg.address() - b.address();
        if (start < 0 || start + seg.byteSize() > b.byteSize()) {
            throw new IllegalArgumentException(this + ": the buffer is not inside registered buffer " + bufIndex);
        }
    }

    private void submit(byte op, int file, MemorySegment buffer, long offset, int opFlags, short bufIndex,
                        UringCompletion callback, int tag, Object attachment, Object handler) {
        if (!buffer.isNative()) {
            throw new IllegalArgumentException(this + ": the kernel needs a native buffer");
        }
        long size = buffer.byteSize();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(this + ": " + size + " bytes is more than one request may move");
        }
        Slot s = begin();
        fill(s, op, file, offset, buffer.address(), (int) size, opFlags, buffer, callback, tag, attachment, handler);
        s.bufIndex = bufIndex;
        queue(s);
    }

    /**
     * Takes a free slot, waiting for one unless on the ring thread, where a detached slot is
     * returned (queued by {@link #queue} in the overflow list). Holds {@link #lock} on return.
     */
    private Slot begin() {
        lock.lock();
        boolean ok = false;
        try {
            checkOpen();
            if (freeCount == 0) {
                if (Thread.currentThread() == thread) {
                    ok = true;
                    return new Slot(-1);
                }
                waitingSubmitters++;
                try {
                    while (freeCount == 0) {
                        slotFreed.awaitUninterruptibly();
                        checkOpen();
                    }
                } finally {
                    waitingSubmitters--;
                }
            }
            ok = true;
            return slots[freeSlots[--freeCount]];
        } finally {
            if (!ok) {
                lock.unlock();
            }
        }
    }

    private void checkOpen() {
        if (closing) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    private void fill(Slot s, byte op, int file, long offset, long addr, int len, int opFlags, MemorySegment buffer,
                      UringCompletion callback, int tag, Object attachment, Object handler) {
        int fd;
        byte flags = 0;
        if (file < 0) {
            fd = -1;
        } else if (fixedFiles) {
            fd = file;
            flags = (byte) Libc.IOSQE_FIXED_FILE();
        } else {
            fd = files[file];
        }
        s.opcode = op;
        s.sqeFlags = flags;
        s.fd = fd;
        s.offset = offset;
        s.addr = addr;
        s.len = len;
        s.opFlags = opFlags;
        s.bufIndex = 0;
        s.buffer = buffer;
        s.callback = callback;
        s.tag = tag;
        s.attachment = attachment;
        s.handler = handler;
    }

    /** Queues a slot filled under the lock {@link #begin} took, releases it, wakes the ring thread. */
    private void queue(Slot s) {
        boolean wake;
        try {
            outstanding++;
            if (outstanding > maxOutstanding) {
                maxOutstanding = outstanding;
            }
            submittedRequests++;
            if (s.index < 0) {
                overflow.add(s); // the ring thread's own surplus: it is awake, no wake needed
                return;
            }
            queue[(queueHead + queueCount) & queueMask] = s.index;
            queueCount++;
            wake = sleeping;
            sleeping = false;
        } finally {
            lock.unlock();
        }
        if (wake) {
            wake();
        }
    }

    private void wake() {
        MemorySegment cap = CAPTURE.get();
        if (LinuxIoUring.eventfd_write(cap, eventFd, 1) != 0) {
            throw new IllegalStateException(new NativeIOException("eventfd_write", Libc.errno(cap), name));
        }
    }

    // ---------------------------------------------------------------- close

    /**
     * Refuses new requests, waits until every request in flight has completed (its callback
     * returned), then releases the ring. Called on the ring thread (from a callback), it returns
     * at once and the ring thread releases the ring when the last request is done. Idempotent.
     */
    @Override
    public void close() {
        boolean wake;
        lock.lock();
        try {
            if (closing) {
                wake = false;
            } else {
                closing = true;
                wake = sleeping;
                sleeping = false;
                slotFreed.signalAll(); // waiting submitters give up with "closed"
            }
        } finally {
            lock.unlock();
        }
        if (wake) {
            wake();
        }
        if (Thread.currentThread() != thread) {
            joinUninterruptibly(thread);
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- diagnostics and test hooks

    /**
     * Requests accepted and not yet completed.
     *
     * @return the count
     */
    public int inFlight() {
        lock.lock();
        try {
            return outstanding;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The most requests that were in flight at once.
     *
     * @return the count
     */
    public int maxInFlight() {
        lock.lock();
        try {
            return maxOutstanding;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Threads waiting for a free slot now (back-pressure).
     *
     * @return the count
     */
    public int waitingSubmitters() {
        lock.lock();
        try {
            return waitingSubmitters;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Requests accepted since open.
     *
     * @return the count
     */
    public long submitted() {
        lock.lock();
        try {
            return submittedRequests;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completions handed to callbacks since open.
     *
     * @return the count
     */
    public long completed() {
        lock.lock();
        try {
            return completedRequests;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Test hook: the ring thread keeps completions it reaps to itself (slots stay taken, no
     * callback runs) until {@link #resumeCompletions()}, so that requests stay in flight as long
     * as a test needs.
     */
    public void pauseCompletions() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends {@link #pauseCompletions()}. */
    public void resumeCompletions() {
        lock.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completions the ring thread holds back while paused.
     *
     * @return the count
     */
    public int heldCompletions() {
        lock.lock();
        try {
            return heldCompletions;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- the ring thread

    private void run() {
        try {
            setUp();
        } catch (NativeIOException e) {
            startFailure = e;
            tearDown();
            started.countDown();
            return;
        } catch (RuntimeException | Error e) {
            startFailure = new NativeIOException("io_uring setup (" + e + ")", io.jblock.ffm.Errno.EIO, name);
            tearDown();
            started.countDown();
            return;
        }
        started.countDown();
        try {
            loop();
            tearDown();
        } catch (Throwable t) {
            // a bug, not a device error: refuse new requests; release the ring only if the kernel
            // holds nothing of ours (else leak it: its memory must outlive what is in flight)
            boolean idle;
            lock.lock();
            try {
                closing = true;
                idle = outstanding == 0;
                slotFreed.signalAll();
            } finally {
                lock.unlock();
            }
            if (idle && !wakeArmed) {
                tearDown();
            }
            thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
        }
    }

    private void setUp() throws NativeIOException {
        arena = Arena.ofShared();
        capture = arena.allocate(Libc.errnoCaptureLayout());
        MemorySegment params = IoUringParams.allocate(arena);
        int entries = Integer.highestOneBit(capacity) << 1; // room for every slot and the wake read
        int fd = -1;
        int err = 0;
        for (int flags : SETUP_FLAGS) {
            params.fill((byte) 0);
            IoUringParams.flags(params, flags);
            fd = LinuxIoUring.io_uring_setup(capture, entries, params);
            if (fd >= 0) {
                setupFlags = flags;
                break;
            }
            err = Libc.errno(capture);
            if (err != Libc.EINVAL()) {
                break;
            }
        }
        if (fd < 0) {
            throw new NativeIOException("io_uring_setup", err, name);
        }
        ringFd = fd;
        features = IoUringParams.features(params);
        MemorySegment sqOff = IoUringParams.sq_off(params);
        MemorySegment cqOff = IoUringParams.cq_off(params);
        sqEntries = IoUringParams.sq_entries(params);
        int cqEntries = IoUringParams.cq_entries(params);
        if (cqEntries < capacity + 1 || sqEntries < capacity + 1) {
            throw new NativeIOException("io_uring_setup (rings of " + sqEntries + "/" + cqEntries
                    + " entries for " + capacity + " requests)", Libc.ENOMEM(), name);
        }
        long sqSize = IoSqringOffsets.array(sqOff) + 4L * sqEntries;
        long cqSize = IoCqringOffsets.cqes(cqOff) + CQE_SIZE * cqEntries;
        int prot = Libc.PROT_READ() | Libc.PROT_WRITE();
        int mapFlags = Libc.MAP_SHARED() | Libc.MAP_POPULATE();
        if ((features & Libc.IORING_FEAT_SINGLE_MMAP()) != 0) {
            long size = Math.max(sqSize, cqSize);
            sqRing = map(Libc.IORING_OFF_SQ_RING(), size, prot, mapFlags);
            cqRing = sqRing;
        } else {
            sqRing = map(Libc.IORING_OFF_SQ_RING(), sqSize, prot, mapFlags);
            cqRing = map(Libc.IORING_OFF_CQ_RING(), cqSize, prot, mapFlags);
        }
        sqes = map(Libc.IORING_OFF_SQES(), SQE_SIZE * sqEntries, prot, mapFlags);
        sqHeadOff = IoSqringOffsets.head(sqOff);
        sqTailOff = IoSqringOffsets.tail(sqOff);
        sqMask = sqRing.get(ValueLayout.JAVA_INT, IoSqringOffsets.ring_mask(sqOff));
        long arrayOff = IoSqringOffsets.array(sqOff);
        for (int i = 0; i < sqEntries; i++) {
            sqRing.set(ValueLayout.JAVA_INT, arrayOff + 4L * i, i); // SQE i sits at index i
        }
        cqHeadOff = IoCqringOffsets.head(cqOff);
        cqTailOff = IoCqringOffsets.tail(cqOff);
        cqesOff = IoCqringOffsets.cqes(cqOff);
        cqMask = cqRing.get(ValueLayout.JAVA_INT, IoCqringOffsets.ring_mask(cqOff));
        sqTail = (int) INT.getAcquire(sqRing, sqTailOff);
        cqHead = (int) INT.getAcquire(cqRing, cqHeadOff);

        if (files.length > 0) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, files.length);
            for (int i = 0; i < files.length; i++) {
                fds.setAtIndex(ValueLayout.JAVA_INT, i, files[i]);
            }
            fixedFiles = LinuxIoUring.io_uring_register(capture, ringFd, Libc.IORING_REGISTER_FILES(), fds,
                    files.length) >= 0;
        }
        if (fixedBuffers.length > 0) {
            MemorySegment iov = Iovec.allocateArray(fixedBuffers.length, arena);
            for (int i = 0; i < fixedBuffers.length; i++) {
                MemorySegment v = Iovec.asSlice(iov, i);
                Iovec.iov_base(v, fixedBuffers[i]);
                Iovec.iov_len(v, fixedBuffers[i].byteSize());
            }
            if (LinuxIoUring.io_uring_register(capture, ringFd, Libc.IORING_REGISTER_BUFFERS(), iov,
                    fixedBuffers.length) < 0) {
                throw new NativeIOException("io_uring_register(IORING_REGISTER_BUFFERS)", Libc.errno(capture), name);
            }
        }
        int efd = LinuxIoUring.eventfd(capture, 0, Libc.O_CLOEXEC()); // blocking: the ring waits for it
        if (efd < 0) {
            throw new NativeIOException("eventfd", Libc.errno(capture), name);
        }
        eventFd = efd;
        wakeBuffer = arena.allocate(8, 8);
        int cqCap = cqEntries;
        drained = new int[queue.length];
        batchUserData = new long[cqCap];
        batchResult = new int[cqCap];
        batch = new Slot[cqCap];
    }

    /** A mapping of the ring's memory, unmapped when {@link #arena} is closed. */
    private MemorySegment map(long offset, long size, int prot, int flags) throws NativeIOException {
        return PosixIO.mmapFd(ringFd, offset, size, prot, flags, arena, name);
    }

    private void tearDown() {
        if (ringFd >= 0) {
            try {
                PosixIO.closeFd(ringFd, name);
            } catch (NativeIOException e) {
                // nothing is in flight; the kernel frees the ring when the last reference goes
            }
            ringFd = -1;
        }
        if (eventFd >= 0) {
            try {
                PosixIO.closeFd(eventFd, name);
            } catch (NativeIOException e) {
                // as above
            }
            eventFd = -1;
        }
        if (arena != null) {
            arena.close(); // unmaps the rings: no request is in flight any more
            arena = null;
        }
    }

    private void loop() {
        armWake();
        while (true) {
            int n;
            boolean block;
            boolean finished;
            boolean writeWake = false;
            lock.lock();
            try {
                n = 0;
                while (freeCount > 0 && !overflow.isEmpty()) {
                    Slot s = slots[freeSlots[--freeCount]];
                    s.copyFrom(overflow.poll());
                    drained[n++] = s.index;
                }
                while (queueCount > 0) {
                    drained[n++] = queue[queueHead];
                    queueHead = (queueHead + 1) & queueMask;
                    queueCount--;
                }
                if (closing && wakeArmed && !wakeWritten) {
                    wakeWritten = true; // complete our own eventfd read so nothing of ours stays in the kernel
                    writeWake = true;
                }
                finished = closing && outstanding == 0 && !wakeArmed && unsubmitted == 0 && n == 0;
                block = !finished && n == 0 && unsubmitted == 0 && !writeWake && cqEmpty();
                sleeping = block;
            } finally {
                lock.unlock();
            }
            if (finished) {
                return;
            }
            if (writeWake) {
                wake();
            }
            for (int i = 0; i < n; i++) {
                if (!prepare(slots[drained[i]])) {
                    throw new IllegalStateException(this + ": submission queue full"); // capacity < SQ entries
                }
            }
            unsubmitted += n;
            INT.setRelease(sqRing, sqTailOff, sqTail);
            int r = LinuxIoUring.io_uring_enter(capture, ringFd, unsubmitted, block ? 1 : 0,
                    Libc.IORING_ENTER_GETEVENTS());
            if (block) {
                lock.lock();
                try {
                    sleeping = false;
                } finally {
                    lock.unlock();
                }
            }
            if (r >= 0) {
                unsubmitted -= r;
            } else {
                int e = Libc.errno(capture);
                if (e != Libc.EINTR() && e != Libc.EAGAIN() && e != Libc.EBUSY()) {
                    failUnsubmitted(e);
                }
            }
            reap();
        }
    }

    private boolean cqEmpty() {
        return cqHead == (int) INT.getAcquire(cqRing, cqTailOff);
    }

    private void armWake() {
        long base = nextSqe();
        sqes.set(ValueLayout.JAVA_BYTE, base + SQE_OPCODE, OP_READ);
        sqes.set(ValueLayout.JAVA_INT, base + SQE_FD, eventFd);
        sqes.set(ValueLayout.JAVA_LONG, base + SQE_ADDR, wakeBuffer.address());
        sqes.set(ValueLayout.JAVA_INT, base + SQE_LEN, 8);
        sqes.set(ValueLayout.JAVA_LONG, base + SQE_USER_DATA, WAKE);
        wakeArmed = true;
        unsubmitted++;
        INT.setRelease(sqRing, sqTailOff, sqTail);
    }

    /** The offset of a zeroed SQE at the tail, the tail advanced past it (not yet published). */
    private long nextSqe() {
        int head = (int) INT.getAcquire(sqRing, sqHeadOff);
        if (sqTail - head >= sqEntries) {
            return -1;
        }
        long base = (long) (sqTail & sqMask) * SQE_SIZE;
        for (long k = 0; k < SQE_SIZE; k += 8) {
            sqes.set(ValueLayout.JAVA_LONG, base + k, 0L);
        }
        sqTail++;
        return base;
    }

    private boolean prepare(Slot s) {
        long base = nextSqe();
        if (base < 0) {
            return false;
        }
        sqes.set(ValueLayout.JAVA_BYTE, base + SQE_OPCODE, s.opcode);
        sqes.set(ValueLayout.JAVA_BYTE, base + SQE_FLAGS, s.sqeFlags);
        sqes.set(ValueLayout.JAVA_INT, base + SQE_FD, s.fd);
        sqes.set(ValueLayout.JAVA_LONG, base + SQE_OFF, s.offset);
        sqes.set(ValueLayout.JAVA_LONG, base + SQE_ADDR, s.addr);
        sqes.set(ValueLayout.JAVA_INT, base + SQE_LEN, s.len);
        sqes.set(ValueLayout.JAVA_INT, base + SQE_OP_FLAGS, s.opFlags);
        sqes.set(ValueLayout.JAVA_SHORT, base + SQE_BUF_INDEX, s.bufIndex);
        sqes.set(ValueLayout.JAVA_LONG, base + SQE_USER_DATA, s.index);
        return true;
    }

    /**
     * io_uring_enter failed for good (EBADF, EFAULT: a bug, not a device error): the SQEs it did
     * not take are taken back and their requests completed with the error, so that no caller
     * waits forever.
     */
    private void failUnsubmitted(int errno) {
        int head = (int) INT.getAcquire(sqRing, sqHeadOff);
        int count = sqTail - head;
        unsubmitted = 0;
        for (int i = 0; i < count; i++) {
            long base = (long) ((head + i) & sqMask) * SQE_SIZE;
            long ud = sqes.get(ValueLayout.JAVA_LONG, base + SQE_USER_DATA);
            if (ud == WAKE) {
                wakeArmed = false;
                continue;
            }
            batchUserData[0] = ud;
            batchResult[0] = -errno;
            dispatch(1);
        }
        sqTail = head;
    }

    private void reap() {
        while (true) {
            int tail = (int) INT.getAcquire(cqRing, cqTailOff);
            int n = tail - cqHead;
            if (n == 0) {
                return;
            }
            int k = 0;
            boolean rearm = false;
            for (int i = 0; i < n; i++) {
                long off = cqesOff + (long) ((cqHead + i) & cqMask) * CQE_SIZE;
                long ud = cqRing.get(ValueLayout.JAVA_LONG, off + CQE_USER_DATA);
                int res = cqRing.get(ValueLayout.JAVA_INT, off + CQE_RES);
                if (ud == WAKE) {
                    wakeArmed = false;
                    rearm = true;
                    continue;
                }
                batchUserData[k] = ud;
                batchResult[k] = res;
                k++;
            }
            cqHead = tail;
            INT.setRelease(cqRing, cqHeadOff, cqHead);
            if (rearm) {
                lock.lock();
                boolean again;
                try {
                    again = !closing;
                } finally {
                    lock.unlock();
                }
                if (again) {
                    armWake(); // submitted with the next io_uring_enter
                }
            }
            dispatch(k);
        }
    }

    /** Frees the slots of {@code k} reaped completions (after any pause), then calls their callbacks. */
    private void dispatch(int k) {
        if (k == 0) {
            return;
        }
        lock.lock();
        try {
            if (paused) {
                heldCompletions += k;
                while (paused) {
                    resumed.awaitUninterruptibly();
                }
                heldCompletions -= k;
            }
            for (int i = 0; i < k; i++) {
                Slot s = slots[(int) batchUserData[i]];
                Slot c = batch[i];
                if (c == null) {
                    c = new Slot(-1); // once per batch position, reused afterwards
                    batch[i] = c;
                }
                c.copyFrom(s);
                s.clear();
                freeSlots[freeCount++] = s.index;
            }
            outstanding -= k;
            completedRequests += k;
            if (waitingSubmitters > 0) {
                slotFreed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < k; i++) {
            Slot c = batch[i];
            try {
                c.callback.completed(batchResult[i], c.offset, c.buffer,
                        c.tag, c.attachment, c.handler);
            } catch (Throwable t) {
                Thread.UncaughtExceptionHandler h = thread.getUncaughtExceptionHandler();
                h.uncaughtException(thread, t);
            } finally {
                c.clear();
            }
        }
    }
}
