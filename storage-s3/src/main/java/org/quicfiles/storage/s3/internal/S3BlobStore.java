package org.quicfiles.storage.s3.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} in one bucket: committed blobs under {@code <prefix>files/<id>}, unfinished
 * multipart uploads (and completed temporaries waiting for their copy) under
 * {@code <prefix>uploads/<random>}. See decision notes 0211 (commit) and 0212 (leftovers).
 */
final class S3BlobStore implements BlobStore {
    private final S3Client client;
    private final S3Settings settings;
    private final System.Logger logger;
    private final String description;
    /** Temporary keys of this store's open writers: never leftovers, whatever their age. */
    private final Set<S3BlobWriter> writers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** S3's limit for one CopyObject, and the range per part above it; lowered by tests. */
    long singleCopyLimit = S3Settings.MAX_PART;
    long copyPartSize = 1L << 30;

    private S3BlobStore(S3Client client, S3Settings settings, System.Logger logger) {
        this.client = client;
        this.settings = settings;
        this.logger = logger;
        this.description = "s3 " + settings.bucket() + "/" + settings.prefix()
                + settings.endpoint().map(e -> " at " + e).orElse("");
    }

    /** Builds the client and checks that the bucket answers, so that a wrong setting stops the start. */
    static S3BlobStore open(S3Settings settings, System.Logger logger) throws IOException {
        S3ClientBuilder builder = S3Client.builder()
                // streams request bodies (HttpURLConnection would buffer each whole part) and pools connections
                .httpClient(Apache5HttpClient.builder().maxConnections(settings.maxConnections())
                        .connectionAcquisitionTimeout(java.time.Duration.ofSeconds(30)).build())
                // checksums only where S3 requires them: trailing checksums are not spoken by every S3-compatible server
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .forcePathStyle(settings.pathStyle());
        settings.endpoint().ifPresent(builder::endpointOverride);
        builder.region(settings.region().map(Region::of).orElseGet(() -> defaultRegion(settings)));
        if (settings.accessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    settings.accessKey().orElseThrow(), settings.secretKey().orElseThrow())));
        } else {
            DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
            try {
                chain.resolveCredentials(); // now, for one clear line instead of the chain's paragraph later
            } catch (SdkException e) {
                throw new IllegalArgumentException("s3.access-key: not set, and no AWS credentials found"
                        + " (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the AWS profile, a container or instance role)");
            }
            builder.credentialsProvider(chain);
        }
        S3Client client;
        try {
            client = builder.build();
        } catch (SdkException e) {
            throw new IllegalArgumentException("s3: " + e.getMessage(), e);
        }
        S3BlobStore store = new S3BlobStore(client, settings, logger);
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException e) {
            client.close();
            throw new IOException("bucket '" + settings.bucket() + "' does not answer: " + brief(e), e);
        }
        return store;
    }

    /**
     * {@code aws.region} / {@code AWS_REGION} / the AWS profile; then, for AWS itself only, the EC2
     * instance metadata (asked last: off EC2 it costs seconds of timeouts).
     */
    private static Region defaultRegion(S3Settings settings) {
        List<AwsRegionProvider> sources = new ArrayList<>(List.of(new SystemSettingsRegionProvider(),
                new AwsProfileRegionProvider()));
        if (settings.endpoint().isEmpty()) {
            sources.add(new InstanceProfileRegionProvider());
        }
        try {
            return new AwsRegionProviderChain(sources.toArray(AwsRegionProvider[]::new)).getRegion();
        } catch (SdkException e) {
            if (settings.endpoint().isPresent()) {
                return Region.US_EAST_1; // most S3-compatible servers ignore the region but the signature needs one
            }
            throw new IllegalArgumentException("s3.region: not set, and no AWS region in AWS_REGION, the AWS"
                    + " profile or the instance metadata");
        }
    }

    S3Client client() {
        return client;
    }

    S3Settings settings() {
        return settings;
    }

    String fileKey(String id) {
        return settings.prefix() + "files/" + S3Ids.requireValid(id);
    }

    String newTemporaryKey() {
        return settings.prefix() + "uploads/" + UUID.randomUUID();
    }

    void forget(S3BlobWriter writer) {
        writers.remove(writer);
    }

    @Override
    public BlobWriter create() throws IOException {
        ensureOpen();
        S3BlobWriter writer = new S3BlobWriter(this);
        writers.add(writer);
        if (closed) {
            writer.abort();
            throw new IOException("store closed");
        }
        return writer;
    }

    @Override
    public BlobReader open(String id) throws IOException {
        String key = fileKey(Objects.requireNonNull(id, "id"));
        ensureOpen();
        try {
            ResponseInputStream<GetObjectResponse> body = client.getObject(b -> b.bucket(settings.bucket()).key(key));
            return new S3BlobReader(body, body.response().contentLength());
        } catch (NoSuchKeyException e) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, "no blob " + id, e);
        } catch (SdkException e) {
            throw failure("reading " + id, e);
        }
    }

    @Override
    public boolean exists(String id) throws IOException {
        String key = fileKey(Objects.requireNonNull(id, "id"));
        ensureOpen();
        try {
            client.headObject(b -> b.bucket(settings.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("checking " + id, e);
        } catch (SdkException e) {
            throw failure("checking " + id, e);
        }
    }

    /** Two requests: S3 answers a DELETE alike whether the key existed or not. */
    @Override
    public boolean delete(String id) throws IOException {
        if (!exists(id)) {
            return false;
        }
        try {
            client.deleteObject(b -> b.bucket(settings.bucket()).key(fileKey(id)));
            return true;
        } catch (SdkException e) {
            throw failure("deleting " + id, e);
        }
    }

    @Override
    public List<String> ids() throws IOException {
        ensureOpen();
        String prefix = settings.prefix() + "files/";
        List<String> ids = new ArrayList<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix))
                    .contents()) {
                String id = object.key().substring(prefix.length());
                if (S3Ids.isValid(id)) {
                    ids.add(id);
                }
            }
        } catch (SdkException e) {
            throw failure("listing blobs", e);
        }
        return ids;
    }

    /** A temporary in the bucket: an unfinished multipart upload, or a completed temporary object. */
    private record Temporary(String key, String uploadId, Instant since) {
        String name() {
            return key + (uploadId == null ? "" : " (multipart upload)");
        }
    }

    private List<Temporary> temporaries() throws IOException {
        ensureOpen();
        String prefix = settings.prefix() + "uploads/";
        Set<String> live = ConcurrentHashMap.newKeySet();
        writers.forEach(w -> live.add(w.temporaryKey()));
        Instant cutoff = Instant.now().minus(settings.leftoverAge());
        List<Temporary> found = new ArrayList<>();
        try {
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(
                    b -> b.bucket(settings.bucket()).prefix(prefix)).uploads()) {
                found.add(new Temporary(upload.key(), upload.uploadId(), upload.initiated()));
            }
            for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix))
                    .contents()) {
                found.add(new Temporary(object.key(), null, object.lastModified()));
            }
        } catch (SdkException e) {
            throw failure("listing temporaries", e);
        }
        return found.stream()
                .filter(t -> !live.contains(t.key()))
                .filter(t -> t.since() == null || !t.since().isAfter(cutoff))
                .sorted(java.util.Comparator.comparing(Temporary::name))
                .toList();
    }

    /**
     * Another process's temporaries older than {@code storage.s3.leftover-age}: with several front
     * ends on one bucket, younger ones may belong to a live upload (decision 0212).
     */
    @Override
    public List<String> leftovers() throws IOException {
        return temporaries().stream().map(Temporary::name).toList();
    }

    @Override
    public int removeLeftovers() throws IOException {
        int removed = 0;
        for (Temporary temporary : temporaries()) {
            try {
                if (temporary.uploadId() != null) {
                    client.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(temporary.key())
                            .uploadId(temporary.uploadId()));
                } else {
                    client.deleteObject(b -> b.bucket(settings.bucket()).key(temporary.key()));
                }
                removed++;
            } catch (NoSuchUploadException e) {
                // finished or aborted by its owner meanwhile
            } catch (SdkException e) {
                throw failure("removing " + temporary.name(), e);
            }
        }
        return removed;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (S3BlobWriter writer : List.copyOf(writers)) {
            writer.abort();
        }
        client.close();
    }

    void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("store closed");
        }
    }

    System.Logger logger() {
        return logger;
    }

    /** One line for a storage failure: the S3 error code and status, or the client-side cause. */
    static StorageException failure(String what, SdkException e) {
        boolean full = e instanceof S3Exception s3 && (s3.statusCode() == 507 || s3.awsErrorDetails() != null
                && String.valueOf(s3.awsErrorDetails().errorCode()).matches(".*(StorageFull|QuotaExceeded).*"));
        return new StorageException(full ? StorageException.Kind.NO_SPACE : StorageException.Kind.IO_ERROR,
                what + ": " + brief(e), e);
    }

    static String brief(SdkException e) {
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
            return s3.awsErrorDetails().errorCode() + " (HTTP " + s3.statusCode() + ")";
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + (cause.getMessage() != null ? cause.getMessage() : e.getMessage());
    }
}
