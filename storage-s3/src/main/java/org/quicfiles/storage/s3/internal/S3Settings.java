package org.quicfiles.storage.s3.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.quicfiles.api.Config;

/**
 * The {@code storage.s3.*} settings. Unset endpoint, region and credentials fall back to the AWS
 * SDK's usual sources ({@code AWS_ENDPOINT_URL}, {@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID} /
 * {@code AWS_SECRET_ACCESS_KEY}, the {@code ~/.aws} profile, instance roles).
 *
 * @param endpoint the server's URL, empty for the SDK's choice (AWS S3 itself or {@code AWS_ENDPOINT_URL})
 * @param region the signing region, empty for the SDK's choice
 * @param bucket the bucket, which must exist
 * @param prefix a key prefix ({@code ""} or ending in {@code /}) so that several installations can share a bucket
 * @param accessKey the access key id, empty for the SDK's credential chain
 * @param secretKey the secret key, set exactly when {@code accessKey} is
 * @param pathStyle path-style addressing ({@code host/bucket/key}), which most non-AWS servers need
 * @param partSize bytes buffered per upload before a multipart part is sent; blobs up to this size take one PUT
 * @param leftoverAge how old another process's temporary must be before start-up removes it
 * @param maxConnections the most HTTP connections to the object store at once (more transfers wait)
 */
record S3Settings(Optional<URI> endpoint, Optional<String> region, String bucket, String prefix,
                  Optional<String> accessKey, Optional<String> secretKey, boolean pathStyle, int partSize,
                  Duration leftoverAge, int maxConnections) {
    /** S3's smallest part (but the last) and its largest. */
    static final int MIN_PART = 5 << 20;
    static final long MAX_PART = 5L << 30;

    static final Set<String> KEYS = Set.of("s3.endpoint", "s3.region", "s3.bucket", "s3.prefix", "s3.access-key",
            "s3.secret-key", "s3.path-style", "s3.part-size", "s3.leftover-age", "s3.max-connections");

    /**
     * Reads the settings from the {@code storage.} section.
     *
     * @throws IllegalArgumentException naming the key when a value is missing or wrong
     */
    static S3Settings from(Config config) {
        Optional<URI> endpoint = config.get("s3.endpoint").map(String::trim).map(text -> {
            try {
                URI uri = URI.create(text);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("want http(s)://host[:port]");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("s3.endpoint: '" + text + "' is not an http(s) URL ("
                        + e.getMessage() + ")");
            }
        });
        String bucket = config.get("s3.bucket").map(String::trim).filter(b -> !b.isEmpty()).orElseThrow(
                () -> new IllegalArgumentException("s3.bucket: not set (the bucket that keeps the blobs)"));
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("s3.bucket: '" + bucket + "' is not a bucket name"
                    + " (3 to 63 of a-z, 0-9, '.', '-')");
        }
        String prefix = config.get("s3.prefix", "").trim();
        if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/") || prefix.contains("//"))) {
            throw new IllegalArgumentException("s3.prefix: '" + prefix + "' must end with '/' and not start with one");
        }
        Optional<String> accessKey = config.get("s3.access-key").map(String::trim).filter(k -> !k.isEmpty());
        Optional<String> secretKey = config.get("s3.secret-key").filter(k -> !k.isEmpty());
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalArgumentException((accessKey.isPresent() ? "s3.secret-key" : "s3.access-key")
                    + ": not set, but " + (accessKey.isPresent() ? "s3.access-key" : "s3.secret-key")
                    + " is (set both, or neither to use the AWS credential chain)");
        }
        long partSize = config.getLong("s3.part-size", 8 << 20);
        if (partSize < MIN_PART || partSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("s3.part-size: " + partSize + " is out of range (5M to 2047M)");
        }
        Duration leftoverAge = config.getDuration("s3.leftover-age", Duration.ofHours(24));
        if (leftoverAge.isNegative()) {
            throw new IllegalArgumentException("s3.leftover-age: must not be negative");
        }
        int maxConnections = config.getInt("s3.max-connections", 256);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("s3.max-connections: must be at least 1");
        }
        return new S3Settings(endpoint, config.get("s3.region").map(String::trim).filter(r -> !r.isEmpty()), bucket,
                prefix, accessKey, secretKey, config.getBoolean("s3.path-style", endpoint.isPresent()),
                (int) partSize, leftoverAge, maxConnections);
    }
}
