package org.quicfiles.endpoints.files.internal;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped per-id locks, so that for one id the upload commit (blob commit, then row upsert) and the
 * deleter's delete (row, then blob) never interleave. Two ids may share a stripe; that only costs
 * some waiting. They exclude within this process only (see decision 0302).
 */
final class IdLocks {
    private static final int STRIPES = 1024;

    private final Lock[] stripes = new Lock[STRIPES];

    IdLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** The lock guarding {@code id}. */
    Lock forId(String id) {
        int hash = id.hashCode();
        return stripes[(hash ^ (hash >>> 16)) & (STRIPES - 1)];
    }
}
