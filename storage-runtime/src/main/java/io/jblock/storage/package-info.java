/**
 * jblock's public API: QEMU-compatible block graphs on the JVM.
 *
 * <h2>Start here</h2>
 * {@link io.jblock.storage.BlockGraph#open(String, io.jblock.storage.OpenOptions)} opens a graph
 * from a QEMU option string ({@code driver=qcow2,file.filename=disk.qcow2,cache=none}) and
 * returns its root {@link io.jblock.storage.BlockNode}; {@link io.jblock.storage.BlockGraph#create}
 * creates images as {@code qemu-img create} does. Every option is listed in
 * {@code docs/options.md}; {@link io.jblock.storage.OpenOptions} adds what the string cannot say
 * (read-only, inactive for a migration, the default cache mode, sharing).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Thread safety: {@link io.jblock.storage.BlockGraph} is stateless; a
 *       {@link io.jblock.storage.BlockNode} and every object it hands out may be used from many
 *       threads at once. Value types here (options, limits, settings, status, exceptions) are
 *       immutable.</li>
 *   <li>Durability: see {@link io.jblock.storage.BlockNode} and
 *       {@link io.jblock.storage.CacheMode}: a write is stable when the cache mode has writeback
 *       off, the request had {@link io.jblock.storage.RequestFlags#FUA}, or a later flush
 *       completed; QEMU's rules, including its refusal to report a flush as successful once an
 *       fdatasync failed.</li>
 *   <li>Alignment: none is required of callers; {@link io.jblock.storage.BlockLimits} says which
 *       buffers and ranges go to the disk without a copy.</li>
 *   <li>Interoperability: image formats, image locks and cache modes are QEMU 7.2's, checked
 *       against {@code qemu-img} and {@code qemu-io} in the tests; a QEMU process and a jblock
 *       graph exclude each other exactly as two QEMU processes do.</li>
 *   <li>Errors: every I/O failure is a {@link io.jblock.storage.BlockIOException} naming the
 *       node, the file and the offset (with errno for a failed system call), of a subclass that
 *       says what kind; option mistakes are {@link io.jblock.storage.InvalidOptionException}s in
 *       QEMU's words. Messages are one line.</li>
 * </ul>
 *
 * <h2>Native access</h2>
 * jblock calls the operating system through {@code java.lang.foreign}: run the JVM with
 * {@code --enable-native-access=ALL-UNNAMED} (class path) or
 * {@code --enable-native-access=io.jblock.ffm} (module path). Without it the first call throws
 * {@link io.jblock.ffm.NativeAccessException} naming the flag (or, in the JDK's default mode,
 * works with a warning).
 *
 * <p>Related packages: {@link io.jblock.storage.feature} (operations only some formats offer:
 * check, snapshots, compressed writes, cache counters), {@link io.jblock.storage.spi} (writing a
 * driver), {@link io.jblock.storage.ramfile} (RAM snapshot files), {@link io.jblock.ffm.memory}
 * (aligned buffers).
 */
package io.jblock.storage;
