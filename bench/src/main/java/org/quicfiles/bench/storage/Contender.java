package org.quicfiles.bench.storage;

/** One system under measurement: runs one batch of {@code concurrency} blob round trips. */
interface Contender extends AutoCloseable {
    /** The name in the results table. */
    String name();

    /**
     * Writes, syncs and reads back {@code concurrency} blobs at once, each by its own worker.
     *
     * @param round a number that makes this batch's blob names unique
     * @return the per-phase times of this batch
     */
    BatchTimes runBatch(int concurrency, int round) throws Exception;

    /** Removes what the last batch left on disk (not timed). */
    void cleanUp() throws java.io.IOException;

    @Override
    void close() throws java.io.IOException;
}
