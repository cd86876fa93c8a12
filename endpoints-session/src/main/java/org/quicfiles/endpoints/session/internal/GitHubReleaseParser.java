package org.quicfiles.endpoints.session.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads releases from GitHub's releases API JSON (an object for {@code releases/latest}, an array
 * for {@code releases}). Drafts are skipped; a release whose tag is not a version we accept is
 * skipped and reported to {@code ignoredTags}. Anything not shaped like GitHub's documents is a
 * {@link PollException}, so that a broken answer never replaces good rows.
 */
final class GitHubReleaseParser {
    private final Consumer<String> ignoredTags;

    /** @param ignoredTags told the tag of each release skipped because its tag does not parse */
    GitHubReleaseParser(Consumer<String> ignoredTags) {
        this.ignoredTags = ignoredTags;
    }

    /** The release in a {@code releases/latest} document, if it is one we keep. */
    Optional<Release> parseOne(JsonNode document) throws PollException {
        return release(document);
    }

    /** The releases in a {@code releases} document that we keep. */
    List<Release> parseList(JsonNode document) throws PollException {
        if (!document.isArray()) {
            throw malformed("the release list is not a JSON array");
        }
        List<Release> releases = new ArrayList<>();
        for (JsonNode item : document) {
            release(item).ifPresent(releases::add);
        }
        return releases;
    }

    private Optional<Release> release(JsonNode node) throws PollException {
        if (!node.isObject()) {
            throw malformed("a release is not a JSON object");
        }
        String tag = requiredText(node, "tag_name");
        if (node.path("draft").asBoolean(false)) {
            return Optional.empty();
        }
        Optional<ReleaseVersion> version = ReleaseVersion.parse(tag);
        if (version.isEmpty()) {
            ignoredTags.accept(tag);
            return Optional.empty();
        }
        List<Release.Asset> assets = new ArrayList<>();
        JsonNode assetNodes = node.path("assets");
        if (!assetNodes.isMissingNode() && !assetNodes.isNull()) {
            if (!assetNodes.isArray()) {
                throw malformed("'assets' of " + tag + " is not an array");
            }
            for (JsonNode asset : assetNodes) {
                if (!asset.isObject()) {
                    throw malformed("an asset of " + tag + " is not an object");
                }
                assets.add(new Release.Asset(requiredText(asset, "name"),
                        requiredText(asset, "browser_download_url")));
            }
        }
        JsonNode prerelease = node.path("prerelease");
        if (!prerelease.isMissingNode() && !prerelease.isBoolean()) {
            throw malformed("'prerelease' of " + tag + " is not a boolean");
        }
        return Optional.of(new Release(tag, version.get(), prerelease.asBoolean(false),
                optionalText(node, "name"), optionalText(node, "body"), assets));
    }

    private static String requiredText(JsonNode node, String field) throws PollException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed("'" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) throws PollException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw malformed("'" + field + "' is not a string");
        }
        return value.asText();
    }

    private static PollException malformed(String what) {
        return new PollException("unexpected JSON: " + what, false);
    }
}
