package org.quicfiles.endpoints.session.internal;

import java.util.List;
import java.util.Objects;

/**
 * One published release of a project, as kept in the database.
 *
 * @param tag the git tag as published, e.g. {@code v1.14.2}
 * @param version the version the tag names
 * @param markedPrerelease whether GitHub marks the release as a pre-release
 * @param name the release title (empty when GitHub has none)
 * @param notes the release notes (empty when GitHub has none)
 * @param assets the downloadable files, in GitHub's order
 */
record Release(String tag, ReleaseVersion version, boolean markedPrerelease, String name, String notes,
               List<Asset> assets) {

    /** Checks and copies. */
    Release {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(notes, "notes");
        assets = List.copyOf(assets);
    }

    /**
     * One downloadable file of a release.
     *
     * @param name the file name
     * @param url where to download it
     */
    record Asset(String name, String url) {
        /** Checks the fields. */
        Asset {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
        }
    }
}
