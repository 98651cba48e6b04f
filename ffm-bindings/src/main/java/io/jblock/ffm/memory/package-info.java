/**
 * Aligned native memory for direct I/O: {@link io.jblock.ffm.memory.AlignedMemory} for single
 * buffers and {@link io.jblock.ffm.memory.BufferPool} for hot paths.
 */
package io.jblock.ffm.memory;
