package org.quicfiles.bench.storage;

/**
 * The times of one batch.
 *
 * @param wallNanos from the first worker's start to the last worker's end
 * @param writeNanos summed over workers: create, write, commit (fsync + rename)
 * @param readNanos summed over workers: open, read to the end, close
 */
record BatchTimes(long wallNanos, long writeNanos, long readNanos) {
}
