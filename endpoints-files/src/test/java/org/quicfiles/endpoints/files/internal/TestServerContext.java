package org.quicfiles.endpoints.files.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.api.storage.BlobStore;

/** A {@link ServerContext} made of the parts a test chose. */
record TestServerContext(Config config, BlobStore blobStore, DataSource dataSource, Clock clock,
                         ScheduledExecutorService scheduler, Path dataDirectory) implements ServerContext {
    @Override
    public SqlDialect sqlDialect() {
        return SqlDialect.SQLITE;
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("quicfiles.files.test");
    }
}
