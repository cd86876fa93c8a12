/**
 * The files plugin's implementation, not exported.
 *
 * <p>{@link org.quicfiles.endpoints.files.internal.FilesEndpointProvider} is the entry point;
 * {@link org.quicfiles.endpoints.files.internal.FilesPlugin} wires the parts together: the stream
 * commands ({@code PutStreamCommand}, {@code GetStreamCommand}), the request endpoints, the
 * {@code FileCatalog} that keeps blobs and rows consistent under per-id locks, the
 * {@code ExpiryDeleter} and the {@code StartupRecovery}.
 *
 * <p>Null policy: no method of this package accepts or returns {@code null} unless its Javadoc says so.
 */
package org.quicfiles.endpoints.files.internal;
