package org.quicfiles.endpoints.files.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.quicfiles.api.FileInfo;

/**
 * The rows this server read or wrote in the last {@code files.info-cache} (decision note 0193), so
 * that {@code file_info} can answer them on the transport's event loop without the database.
 *
 * <p>Every write of this server goes through {@link FileCatalog}, which records it here; writers
 * outside it (another server sharing PostgreSQL, {@code quicfiles files rm}) are seen once a row's
 * copy is older than the freshness bound, so an answer from here is at most that old, as if it had
 * been delayed on the way. A write's row replaces the copy; a read's row is kept only if its expiry
 * is not earlier (expiry only grows on this server's paths), so a read that started before an
 * extend cannot put the older row back. At most {@link #CAPACITY} rows are kept; when full, stale
 * copies are dropped, and a new row that still does not fit is not remembered (a miss costs one
 * database look-up).
 */
final class RecentFiles {
    /** Rows remembered at most: ~200 B each, so ~3 MB. */
    static final int CAPACITY = 16_384;

    private record Copy(FileInfo file, long seenMillis) {
    }

    private final ConcurrentHashMap<String, Copy> copies = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long freshMillis;
    private final int capacity;
    /** When stale copies were last dropped (racy by design: two sweeps at once are harmless). */
    private volatile long sweptMillis = Long.MIN_VALUE / 2;

    /**
     * @param fresh how long a copy may answer; zero remembers nothing
     */
    RecentFiles(Clock clock, Duration fresh) {
        this(clock, fresh, CAPACITY);
    }

    RecentFiles(Clock clock, Duration fresh, int capacity) {
        this.clock = clock;
        this.freshMillis = fresh.toMillis();
        this.capacity = capacity;
    }

    /** Records a row as this server just read it: kept unless a copy with a later expiry is there. */
    void remember(FileInfo file) {
        keep(file, (old, now) -> now.file().expiry() >= old.file().expiry() ? now : old);
    }

    /** Records a row as this server just wrote it (under the id's lock): it replaces any copy. */
    void stored(FileInfo file) {
        keep(file, (old, now) -> now);
    }

    private void keep(FileInfo file, java.util.function.BinaryOperator<Copy> merge) {
        if (freshMillis <= 0) {
            return;
        }
        Copy copy = new Copy(file, clock.millis());
        if (!copies.containsKey(file.id()) && copies.size() >= capacity) {
            // a sweep walks every copy: at most one per tenth of the bound, however many rows arrive
            if (copy.seenMillis() - sweptMillis >= Math.max(1, freshMillis / 10)) {
                sweptMillis = copy.seenMillis();
                copies.values().removeIf(stale -> copy.seenMillis() - stale.seenMillis() >= freshMillis);
            }
            if (copies.size() >= capacity) {
                return;
            }
        }
        copies.merge(file.id(), copy, merge);
    }

    /** Forgets a row this server deleted or found gone. */
    void forget(String id) {
        copies.remove(id);
    }

    /** The row as last seen, if that was within the freshness bound; whether it is live is the caller's question. */
    Optional<FileInfo> fresh(String id) {
        Copy copy = copies.get(id);
        if (copy == null || clock.millis() - copy.seenMillis() >= freshMillis) {
            return Optional.empty();
        }
        return Optional.of(copy.file());
    }

    /** Rows remembered now, stale ones included. */
    int size() {
        return copies.size();
    }
}
