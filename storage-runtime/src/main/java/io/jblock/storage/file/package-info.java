/**
 * The {@code file} protocol driver, QEMU's block/file-posix.c behaviour in our own code:
 * {@link io.jblock.storage.file.FileDriverFactory} (found by ServiceLoader) opens regular
 * files and block devices with the open flags the cache settings imply (O_DIRECT, O_DSYNC),
 * discovers their O_DIRECT alignment, holds QEMU-compatible OFD image locks, and drops and
 * verifies the page cache on cache invalidation (live migration). Not exported: formats and
 * the generic layer reach it only through {@code io.jblock.storage.spi}.
 */
package io.jblock.storage.file;
