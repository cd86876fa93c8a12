/**
 * What every local-disk provider shares ({@code nio} here, {@code uring} in
 * {@code org.quicfiles.storage.uring}): the validation of blob ids, the on-disk layout
 * ({@code files/<id[0:2]>/<id>} for committed blobs, {@code uploads/} for temporaries, the layout
 * version marker) and the mapping of operating-system errors to
 * {@link org.quicfiles.api.storage.StorageException} kinds. Exported to {@code org.quicfiles.storage.uring}
 * only.
 */
package org.quicfiles.storage.local.internal;
