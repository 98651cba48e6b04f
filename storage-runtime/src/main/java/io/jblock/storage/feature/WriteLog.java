package io.jblock.storage.feature;

import java.io.IOException;

/**
 * The write log of a {@code blklogwrites} filter node (dm-log-writes format): how far it got, and
 * named points in it (dm-log-writes' {@code mark} message). A workload that notes
 * {@link #entryCount()} before and after each of its requests can tell, for any prefix of the log,
 * which of its requests had completed.
 *
 * <p>Thread-safe. Unlike most features this one goes through the filter's own locking, so it may
 * be called while requests run.
 */
public interface WriteLog {

    /**
     * Entries in the log so far, including those waiting for a running flush to complete (they
     * are written right after its flush entry). Entries are numbered from 0, so this is also the
     * number the next entry gets.
     *
     * @return the number of entries logged so far
     */
    long entryCount();

    /**
     * Appends a mark entry named {@code name} (at most log sector size minus 32 bytes of UTF-8).
     *
     * @param name the mark's name, written into the entry
     * @throws IOException when the log cannot be written (the node then fails every later write)
     * @throws IllegalArgumentException when the name does not fit in one log sector
     */
    void mark(String name) throws IOException;
}
