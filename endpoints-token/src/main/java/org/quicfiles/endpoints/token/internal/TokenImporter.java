package org.quicfiles.endpoints.token.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Loads a statistics document into the tables: the whole document is checked first, then stored
 * in one transaction, so a malformed document or a failure leaves the previous statistics intact.
 * Used by the operator's import (the {@code token} tool) and by the scheduled feed.
 */
final class TokenImporter {
    /** A larger document is refused before it is parsed. */
    static final long MAX_DOCUMENT_BYTES = 64L << 20;

    private final TokenStore store;
    private final Clock clock;

    TokenImporter(TokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Checks and stores one document.
     *
     * @return what was loaded
     * @throws InvalidStatisticsException if the document is malformed (nothing stored)
     * @throws SQLException if the database failed (nothing stored)
     */
    TokenStatistics load(byte[] document) throws InvalidStatisticsException, SQLException {
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new InvalidStatisticsException("larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        TokenStatistics statistics = StatisticsDocument.parse(document);
        store.load(statistics, clock.instant().getEpochSecond());
        return statistics;
    }

    /**
     * Checks and stores the document in {@code file}.
     *
     * @throws IOException if the file cannot be read (nothing stored)
     */
    TokenStatistics importFile(Path file) throws IOException, InvalidStatisticsException, SQLException {
        if (Files.size(file) > MAX_DOCUMENT_BYTES) {
            throw new InvalidStatisticsException("larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        return load(Files.readAllBytes(file));
    }
}
