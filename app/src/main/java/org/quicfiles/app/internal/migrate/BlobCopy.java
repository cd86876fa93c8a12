package org.quicfiles.app.internal.migrate;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.protocol.ContentIds;
import org.quicfiles.protocol.FileIds;

/**
 * The blob half of {@code quicfiles migrate} (decision note 0424): copies every blob of the source
 * store that the target lacks, in 64 KiB chunks, computing its content id on the way; a blob whose
 * bytes do not hash to its name is not committed (the temporary is aborted) and is reported. A blob
 * already in the target was verified when it was copied, and a content id names one content, so it is
 * not read again: a second pass costs one listing of each store. Decimal (compatibility) ids carry no
 * hash and are copied unverified. Blobs the target holds but the source no longer does are deleted
 * when {@link #prune} is asked for.
 */
public final class BlobCopy {
    private static final int CHUNK = 64 * 1024;

    private final BlobStore source;
    private final BlobStore target;
    private final PrintWriter progress;

    /**
     * @param source the old installation's local store; only read
     * @param target the new store; no server may use it while this runs
     * @param progress where progress and mismatch lines go
     */
    public BlobCopy(BlobStore source, BlobStore target, PrintWriter progress) {
        this.source = source;
        this.target = target;
        this.progress = progress;
    }

    /**
     * What one pass did.
     *
     * @param present the ids whose blob the target holds after the pass (copied or already there)
     * @param copied how many blobs were copied
     * @param copiedBytes their bytes
     * @param alreadyThere how many were in the target before
     * @param mismatches the ids whose content did not hash to the id (not copied)
     * @param vanished blobs listed but deleted under the copy (the old server's deleter)
     * @param unverified decimal ids copied without a hash to check
     * @param pruned target blobs deleted because the source no longer has them
     */
    public record Report(Set<String> present, long copied, long copiedBytes, long alreadyThere, List<String> mismatches,
                         long vanished, long unverified, long pruned) {
    }

    /** Runs one pass. */
    public Report run(boolean prune) throws IOException {
        List<String> ids = source.ids();
        Set<String> there = new HashSet<>(target.ids());
        Set<String> present = new HashSet<>();
        List<String> mismatches = new ArrayList<>();
        long copied = 0;
        long bytes = 0;
        long alreadyThere = 0;
        long vanished = 0;
        long unverified = 0;
        long nextReport = System.nanoTime() + 2_000_000_000L;
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (there.contains(id)) {
                present.add(id);
                alreadyThere++;
            } else {
                long size = copy(id, buffer);
                if (size >= 0) {
                    present.add(id);
                    copied++;
                    bytes += size;
                    if (!FileIds.isContentId(id)) {
                        unverified++;
                    }
                } else if (size == MISMATCH) {
                    mismatches.add(id);
                } else {
                    vanished++;
                }
            }
            if (System.nanoTime() > nextReport || i + 1 == ids.size()) {
                progress.println("migrate: blobs " + (i + 1) + "/" + ids.size() + " (" + copied + " copied, "
                        + bytes + " bytes; " + alreadyThere + " already there)");
                progress.flush();
                nextReport = System.nanoTime() + 2_000_000_000L;
            }
        }
        long pruned = 0;
        if (prune) {
            Set<String> inSource = new HashSet<>(ids);
            for (String id : there) {
                if (!inSource.contains(id) && target.delete(id)) {
                    pruned++;
                }
            }
        }
        return new Report(present, copied, bytes, alreadyThere, List.copyOf(mismatches), vanished, unverified, pruned);
    }

    private static final long MISMATCH = -1;
    private static final long VANISHED = -2;

    /** Copies one blob; its size, or {@link #MISMATCH} or {@link #VANISHED}. */
    private long copy(String id, ByteBuffer buffer) throws IOException {
        BlobReader reader;
        try {
            reader = source.open(id);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                return VANISHED;
            }
            throw e;
        }
        ContentIds.Hasher hash = FileIds.isContentId(id) ? ContentIds.hasher() : null;
        try (reader; BlobWriter writer = target.create()) {
            while (true) {
                buffer.clear();
                int read = reader.read(buffer);
                if (read < 0) {
                    break;
                }
                buffer.flip();
                if (hash != null) {
                    hash.update(buffer);
                }
                writer.write(buffer);
            }
            if (hash != null) {
                String computed = hash.finish();
                if (!computed.equals(id)) {
                    progress.println("migrate: MISMATCH " + id + ": its " + writer.size() + " bytes have content id "
                            + computed + "; not migrated");
                    progress.flush();
                    return MISMATCH; // closing the writer aborts the temporary
                }
            }
            long size = writer.size();
            writer.commit(id);
            return size;
        }
    }
}
