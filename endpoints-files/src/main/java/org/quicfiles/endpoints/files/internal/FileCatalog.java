package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;

/**
 * Keeps blobs and rows consistent. For one id, the upload commit (blob committed and durable, then
 * the row upserted) and the expiry delete (row deleted, then the blob) run under the same
 * {@link IdLocks per-id lock}, and on PostgreSQL also under the id's lock across servers
 * ({@link FilesTable#guard}), so a row never outlives its blob because of a race between them.
 * Database and storage failures surface as {@link ErrorCode#INTERNAL_ERROR}.
 */
final class FileCatalog {
    private static final int COMPAT_ID_ATTEMPTS = 16;
    /** Compatibility ids are numbers in [1, 2^53): at most 16 decimal digits (protocol FileIds). */
    private static final long COMPAT_ID_BOUND = 1L << 53;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BlobStore store;
    private final FilesTable table;
    private final IdLocks locks;
    private final Clock clock;
    private final System.Logger logger;
    private final RecentFiles recent;

    FileCatalog(BlobStore store, FilesTable table, IdLocks locks, Clock clock, System.Logger logger,
                RecentFiles recent) {
        this.store = store;
        this.table = table;
        this.locks = locks;
        this.clock = clock;
        this.logger = logger;
        this.recent = recent;
    }

    /** Now, in unix seconds, by the server's clock. */
    long now() {
        return clock.instant().getEpochSecond();
    }

    /** The file with this id unless it is unknown or expired. */
    Optional<FileInfo> findLive(String id) {
        long now = now();
        Optional<FileInfo> live;
        try {
            live = table.find(id).filter(file -> file.expiry() > now);
        } catch (SQLException e) {
            throw internal("cannot look up a file", e);
        }
        live.ifPresentOrElse(recent::remember, () -> recent.forget(id));
        return live;
    }

    /**
     * The file with this id, from this server's recent copy of its row ({@link RecentFiles}), if
     * there is a fresh one and it is live; empty means "ask {@link #findLive}", never "not found".
     * Touches no database, lock or file: for the transport's event loop.
     */
    Optional<FileInfo> recentLive(String id) {
        long now = now();
        return recent.fresh(id).filter(file -> file.expiry() > now);
    }

    /**
     * Stores a fully received upload under its content id. When a live file with that id and its
     * blob already exist, the temporary is dropped and only the expiry moves (dedup).
     *
     * @param writer the upload's temporary, holding all {@code size} bytes; committed or closed here
     * @param ttlSeconds the clamped time to live
     * @return the stored file
     */
    FileInfo commitContent(BlobWriter writer, String id, long size, long ttlSeconds) {
        Lock lock = locks.forId(id);
        lock.lock();
        try (FilesTable.IdGuard guard = table.guard(id)) {
            long now = now();
            Optional<FileInfo> existing = table.find(guard, id);
            boolean live = existing.isPresent() && existing.get().expiry() > now;
            if (live && store.exists(id)) {
                writer.close();
            } else {
                writer.commit(id);
            }
            return upsertOrDropBlob(guard, id, size, now, now + ttlSeconds, existing.isEmpty());
        } catch (SQLException e) {
            throw internal("cannot look up a file", e);
        } catch (IOException e) {
            throw internal("cannot commit an upload", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stores a fully received upload under a fresh random compatibility id, retried on collision.
     *
     * @param writer the upload's temporary, holding all {@code size} bytes; committed here
     * @param ttlSeconds the clamped time to live
     * @return the stored file
     */
    FileInfo commitCompat(BlobWriter writer, long size, long ttlSeconds) {
        for (int attempt = 0; attempt < COMPAT_ID_ATTEMPTS; attempt++) {
            String id = randomCompatId();
            Lock lock = locks.forId(id);
            lock.lock();
            // the id's lock across servers from blob commit to row commit, as for content ids:
            // another server's start-up recovery deletes a blob without a row only under it (0423)
            try (FilesTable.IdGuard guard = table.guard(id)) {
                if (table.find(guard, id).isPresent() || store.exists(id)) {
                    continue;
                }
                long now = now();
                writer.commit(id);
                FileInfo file = new FileInfo(id, size, now, now + ttlSeconds);
                if (table.insertIfAbsent(guard, file)) {
                    recent.stored(file);
                    return file;
                }
                // Only another server sharing the database can get here, at odds of 2^-53 (0302).
                throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "compat id taken concurrently: " + id);
            } catch (SQLException e) {
                deleteBlobQuietly(id);
                throw internal("cannot record an upload", e);
            } catch (IOException e) {
                throw internal("cannot commit an upload", e);
            } finally {
                lock.unlock();
            }
        }
        throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "no free compat id after " + COMPAT_ID_ATTEMPTS + " tries");
    }

    /**
     * Moves a live file's expiry to now + ttl unless it is already later.
     *
     * @return the file afterwards, or empty when it is unknown or expired
     */
    Optional<FileInfo> extend(String id, long ttlSeconds) {
        Lock lock = locks.forId(id);
        lock.lock();
        try {
            long now = now();
            Optional<FileInfo> extended = table.extend(id, now, now + ttlSeconds);
            extended.ifPresentOrElse(recent::stored, () -> recent.forget(id));
            return extended;
        } catch (SQLException e) {
            throw internal("cannot extend a file", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the file if it is still expired at {@code now}: its row first, then its blob.
     *
     * @return whether it was deleted
     */
    boolean deleteIfExpired(String id, long now) throws SQLException {
        Lock lock = locks.forId(id);
        lock.lock();
        try (FilesTable.IdGuard guard = table.guard(id)) {
            if (!table.deleteIfExpired(guard, id, now)) {
                return false;
            }
            recent.forget(id);
            deleteBlobQuietly(id);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private FileInfo upsertOrDropBlob(FilesTable.IdGuard guard, String id, long size, long now, long expiry,
                                      boolean newId) {
        try {
            FileInfo file = table.upsert(guard, id, size, now, expiry);
            recent.stored(file);
            return file;
        } catch (SQLException e) {
            if (newId) {
                deleteBlobQuietly(id);
            }
            throw internal("cannot record an upload", e);
        }
    }

    /** A blob that cannot be deleted now is an orphan that start-up recovery removes. */
    private void deleteBlobQuietly(String id) {
        try {
            store.delete(id);
        } catch (IOException | RuntimeException e) {
            logger.log(System.Logger.Level.WARNING, "cannot delete blob " + id + "; recovery removes it at next start", e);
        }
    }

    private static QuicFilesException internal(String message, Exception cause) {
        return new QuicFilesException(ErrorCode.INTERNAL_ERROR, message + ": " + cause.getMessage(), cause);
    }

    /** A random compatibility id: a number in [1, 2^53) written in decimal. */
    static String randomCompatId() {
        return Long.toString(RANDOM.nextLong(1, COMPAT_ID_BOUND));
    }
}
