/**
 * What both local-disk providers share: the validation of blob ids, the on-disk layout
 * ({@code files/<id[0:2]>/<id>} for committed blobs, {@code uploads/} for temporaries) and the
 * mapping of operating-system errors to {@link org.quicfiles.api.storage.StorageException} kinds.
 * Not exported.
 */
package org.quicfiles.storage.uring.internal;
