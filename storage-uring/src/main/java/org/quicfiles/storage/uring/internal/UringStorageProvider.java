package org.quicfiles.storage.uring.internal;

import java.io.IOException;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.storage.local.internal.StoreLayout;

/**
 * The io_uring local-disk provider, {@code uring}: same layout and contract as {@code nio}, with
 * blob I/O submitted to io_uring. Usable only where a real test submission succeeded (see
 * {@link UringProbe}); preferred over {@code nio} there.
 *
 * <p>Configuration ({@code storage.} section): {@code chunk-size} (default 256K),
 * {@code uring.read-ahead} (READs in flight per download, default 4), {@code uring.write-behind}
 * (WRITEs in flight per upload, default 4), {@code uring.threads} (event loops, default 1),
 * {@code uring.max-buffers} (chunks of all transfers together, default a quarter of the
 * direct-memory limit; beyond it transfers wait), {@code uring.max-workers} (the kernel's
 * io-wq workers per loop for blocking operations such as fsync, default 64).
 */
public final class UringStorageProvider implements StorageProvider {
    /** The name used to force this provider. */
    public static final String NAME = "uring";
    private static final System.Logger LOGGER = System.getLogger(UringStorageProvider.class.getName());

    /** Creates the provider (a stateless factory). */
    public UringStorageProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isUsable() {
        String reason = UringProbe.unusableReason();
        if (reason != null) {
            LOGGER.log(System.Logger.Level.INFO, "storage provider uring is not usable: " + reason);
        }
        return reason == null;
    }

    /** Why the provider is not usable here, or null if it is; for test skips and diagnostics. */
    public static String unusableReason() {
        return UringProbe.unusableReason();
    }

    /**
     * 5, below nio's 10, until it is as fast and as reliable: on this machine kind it measured
     * 0.56–0.72 of nio at concurrency 1 and 16 (decision note 0203), and 256 concurrent uploads at
     * {@code -Xmx128m} do not all complete with it (0204). {@code --storage uring} still forces it.
     */
    @Override
    public int priority() {
        return 5;
    }

    @Override
    public java.util.Set<String> configKeys() {
        return UringSettings.KEYS;
    }

    @Override
    public BlobStore open(StorageContext context) throws IOException {
        String reason = UringProbe.unusableReason();
        if (reason != null) {
            throw new IOException("storage provider uring is not usable: " + reason);
        }
        UringSettings settings = UringSettings.from(context.config());
        StoreLayout layout = new StoreLayout(context.directory());
        layout.prepare(context.logger());
        UringRing ring;
        try {
            ring = UringRing.start(settings.threads(), settings.maxWorkers());
        } catch (Exception e) {
            throw new IOException("cannot start io_uring: " + e, e);
        }
        return new UringBlobStore(layout, ring, settings, context.logger());
    }
}
