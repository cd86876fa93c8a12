/**
 * The blob store that endpoints write uploads to and read downloads from: streamed writes into a
 * temporary blob, an atomic commit under an id, chunked reads, deletes, and the listing that
 * start-up recovery needs. Implementations come from a
 * {@link org.quicfiles.api.spi.StorageProvider}.
 *
 * <p>Null policy: no method of this package accepts or returns {@code null} unless its Javadoc says so.
 */
package org.quicfiles.api.storage;
