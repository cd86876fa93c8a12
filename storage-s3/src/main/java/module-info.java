/**
 * Blob storage in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, Garage, ...), through the
 * AWS SDK for Java v2 and its Apache HttpClient 5 client. Exports nothing: the server finds the {@code s3}
 * provider with {@link java.util.ServiceLoader}; it is used only when named
 * ({@code storage.provider = s3}). The SDK's jars are automatic modules.
 */
@SuppressWarnings("module") // "s3" ends in a digit; it is the protocol's name
module org.quicfiles.storage.s3 {
    requires org.quicfiles.api;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.apache5;
    requires software.amazon.awssdk.utils;

    provides org.quicfiles.api.spi.StorageProvider with org.quicfiles.storage.s3.internal.S3StorageProvider;
}
