/**
 * The contract suite every {@link org.quicfiles.api.spi.StorageProvider} runs: extend
 * {@link org.quicfiles.testkit.storage.BlobStoreContract} in the provider's tests; a provider of the
 * local-disk layout extends {@link org.quicfiles.testkit.storage.LocalBlobStoreContract}, which adds
 * the on-disk format.
 */
package org.quicfiles.testkit.storage;
