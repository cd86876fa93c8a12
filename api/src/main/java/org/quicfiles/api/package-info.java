/**
 * Value types shared by the server, its plugins and the client: file metadata, configuration, and {@link org.quicfiles.api.QuicFilesException}, the one exception that carries a
 * protocol error code.
 *
 * <p>Null policy: no method of this package accepts or returns {@code null} unless its Javadoc says so.
 */
package org.quicfiles.api;
