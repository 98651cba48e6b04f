/**
 * RAM snapshot files in QEMU's mapped-ram layout, written and read with parallel channels and
 * optional direct I/O.
 *
 * <p>{@link io.jblock.storage.ramfile.RamFileWriter} saves named RAM blocks (any
 * {@link java.lang.foreign.MemorySegment}) so that every page has a fixed place in the file and
 * zero pages are holes; {@link io.jblock.storage.ramfile.RamFileReader} restores them, and checks
 * files. {@link io.jblock.storage.ramfile.RamFileFormat} documents the bytes.
 *
 * <p>Correspondence with QEMU (migration/ram.c, migration/file.c, migration/options.c):
 * <ul>
 * <li>capability {@code mapped-ram}: always on; the file is the mapped-ram layout.
 * <li>capability {@code multifd} + parameter {@code multifd-channels}:
 *     {@link io.jblock.storage.ramfile.RamFileParameters#channels()}, 1 to 255; pages only ever
 *     travel on these channels, never on the main one, as with multifd.
 * <li>parameter {@code direct-io}: {@link io.jblock.storage.ramfile.RamFileParameters#directIo()};
 *     {@code O_DIRECT} on the page channels only. QEMU refuses direct-io where the host has no
 *     {@code O_DIRECT}; we go further and probe the file's filesystem when a writer or reader is
 *     opened ({@link io.jblock.storage.ramfile.DirectIoUnsupportedException}).
 * <li>{@code MappedRamHeader} (version, page_size, bitmap_offset, pages_offset) and
 *     {@code MAPPED_RAM_FILE_OFFSET_ALIGNMENT} (1 MiB): as in QEMU, but little-endian (see
 *     {@link io.jblock.storage.ramfile.RamFileFormat}); the file is not a QEMU migration stream.
 * </ul>
 */
package io.jblock.storage.ramfile;
