/**
 * The contract suite every {@link org.quicfiles.api.spi.StorageProvider} runs: extend
 * {@link org.quicfiles.testkit.storage.BlobStoreContract} in the provider's tests.
 */
package org.quicfiles.testkit.storage;
