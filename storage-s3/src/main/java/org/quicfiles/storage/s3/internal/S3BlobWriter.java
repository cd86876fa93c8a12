package org.quicfiles.storage.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An upload. Bytes are buffered up to one part ({@code storage.s3.part-size}); a blob that fits is
 * one PUT straight to its final key at commit (atomic in S3: readers see the old object or the new
 * one). A bigger blob goes as a multipart upload to a temporary key, is completed at commit, copied
 * server-side to its final key (atomic too) and the temporary deleted (decision 0211). Memory: one
 * part buffer, grown on demand, whatever the blob's size.
 */
final class S3BlobWriter implements BlobWriter {
    private static final int FIRST_BUFFER = 64 * 1024;

    private enum State { OPEN, COMMITTED, CLOSED, FAILED, STORE_CLOSED }

    private final S3BlobStore store;
    private final String bucket;
    private final String temporaryKey;
    private final int partSize;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer;
    private int buffered;
    private long size;
    private String uploadId;
    private State state = State.OPEN;

    S3BlobWriter(S3BlobStore store) {
        this.store = store;
        this.bucket = store.settings().bucket();
        this.temporaryKey = store.newTemporaryKey();
        this.partSize = store.settings().partSize();
    }

    String temporaryKey() {
        return temporaryKey;
    }

    /** The part buffer's current capacity, for tests of the memory bound. */
    synchronized int bufferCapacity() {
        return buffer == null ? 0 : buffer.length;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        requireOpen();
        int written = src.remaining();
        while (src.hasRemaining()) {
            if (buffer == null || buffered == buffer.length) {
                if (buffered == partSize) {
                    sendPart();
                }
                grow();
            }
            int n = Math.min(src.remaining(), buffer.length - buffered);
            src.get(buffer, buffered, n);
            buffered += n;
            size += n;
        }
        return written;
    }

    private void grow() {
        if (buffer == null) {
            buffer = new byte[Math.min(FIRST_BUFFER, partSize)];
        } else if (buffer.length < partSize) {
            buffer = java.util.Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, partSize));
        }
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = store.client().createMultipartUpload(b -> b.bucket(bucket).key(temporaryKey)).uploadId();
            }
            int number = parts.size() + 1;
            byte[] bytes = buffer;
            int length = buffered;
            String etag = store.client().uploadPart(b -> b.bucket(bucket).key(temporaryKey).uploadId(uploadId)
                            .partNumber(number).contentLength((long) length),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                            "application/octet-stream")).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            buffered = 0;
        } catch (SdkException e) {
            fail();
            throw S3BlobStore.failure("uploading part " + (parts.size() + 1), e);
        }
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public synchronized void commit(String id) throws IOException {
        String finalKey = store.fileKey(Objects.requireNonNull(id, "id"));
        requireOpen();
        if (uploadId == null) {
            byte[] bytes = buffer == null ? new byte[0] : buffer;
            int length = buffered;
            try {
                store.client().putObject(b -> b.bucket(bucket).key(finalKey).contentLength((long) length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                                "application/octet-stream"));
            } catch (SdkException e) {
                fail();
                throw S3BlobStore.failure("storing " + id, e);
            }
        } else {
            if (buffered > 0) {
                sendPart();
            }
            try {
                store.client().completeMultipartUpload(b -> b.bucket(bucket).key(temporaryKey).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
                uploadId = null;
                copy(finalKey);
            } catch (SdkException e) {
                fail();
                throw S3BlobStore.failure("storing " + id, e);
            }
            try {
                store.client().deleteObject(b -> b.bucket(bucket).key(temporaryKey));
            } catch (SdkException e) {
                // the blob is committed; the temporary is a leftover for the next sweep
                store.logger().log(System.Logger.Level.WARNING, "s3: could not delete temporary " + temporaryKey
                        + " after committing " + id + ": " + S3BlobStore.brief(e));
            }
        }
        state = State.COMMITTED;
        release();
    }

    /** Server-side copy of the completed temporary; above S3's 5 GiB single-copy limit, as a multipart copy. */
    private void copy(String finalKey) {
        if (size <= store.singleCopyLimit) {
            store.client().copyObject(b -> b.sourceBucket(bucket).sourceKey(temporaryKey)
                    .destinationBucket(bucket).destinationKey(finalKey));
            return;
        }
        String copyId = store.client().createMultipartUpload(b -> b.bucket(bucket).key(finalKey)).uploadId();
        try {
            List<CompletedPart> copied = new ArrayList<>();
            long step = store.copyPartSize;
            for (long from = 0; from < size; from += step) {
                int number = copied.size() + 1;
                String range = "bytes=" + from + "-" + (Math.min(from + step, size) - 1);
                String etag = store.client().uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(temporaryKey)
                        .destinationBucket(bucket).destinationKey(finalKey).uploadId(copyId).partNumber(number)
                        .copySourceRange(range)).copyPartResult().eTag();
                copied.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            store.client().completeMultipartUpload(b -> b.bucket(bucket).key(finalKey).uploadId(copyId)
                    .multipartUpload(m -> m.parts(copied)));
        } catch (SdkException e) {
            abortQuietly(finalKey, copyId);
            throw e;
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    /** Aborts the upload unless it was committed; idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.OPEN || state == State.FAILED) {
            discardTemporary();
            state = State.CLOSED;
        }
        release();
    }

    /** The store is closing: the upload is aborted and later calls fail with an {@link IOException}. */
    synchronized void abort() {
        if (state == State.OPEN || state == State.FAILED) {
            discardTemporary();
            state = State.STORE_CLOSED;
        }
        release();
    }

    private void fail() {
        discardTemporary();
        state = State.FAILED;
    }

    private void discardTemporary() {
        if (uploadId != null) {
            abortQuietly(temporaryKey, uploadId);
            uploadId = null;
        } else if (!parts.isEmpty()) {
            try {
                store.client().deleteObject(b -> b.bucket(bucket).key(temporaryKey));
            } catch (SdkException e) {
                store.logger().log(System.Logger.Level.WARNING, "s3: could not delete temporary " + temporaryKey
                        + ": " + S3BlobStore.brief(e));
            }
        }
        parts.clear();
    }

    private void abortQuietly(String key, String id) {
        try {
            store.client().abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
        } catch (SdkException e) {
            // the bucket's AbortIncompleteMultipartUpload rule, or the next start-up sweep, removes it
            store.logger().log(System.Logger.Level.WARNING, "s3: could not abort upload " + key + ": "
                    + S3BlobStore.brief(e));
        }
    }

    private void release() {
        buffer = null;
        buffered = 0;
        store.forget(this);
    }

    private void requireOpen() throws IOException {
        switch (state) {
            case OPEN -> {
            }
            case STORE_CLOSED -> throw new IOException("store closed");
            case FAILED -> throw new StorageException(StorageException.Kind.IO_ERROR, "an earlier write failed", null);
            default -> throw new IllegalStateException("writer " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Override
    public String toString() {
        return "s3 upload " + temporaryKey + " (" + size + " bytes" + (uploadId != null ? ", multipart" : "") + ")";
    }
}
