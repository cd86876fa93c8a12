/**
 * What an endpoint plugin implements.
 *
 * <p>A {@link org.quicfiles.api.endpoint.StreamCommand} serves one kind of file stream (named by the
 * header block's {@code !}, e.g. {@code PUT}); a {@link org.quicfiles.api.endpoint.RequestEndpoint}
 * serves one named command of the request stream (stream 0, e.g. {@code file_info}). Both are
 * called on a virtual thread and may block (a request endpoint may also answer from memory on the
 * transport's event loop: {@link org.quicfiles.api.endpoint.RequestEndpoint#answerAtOnce}). Both
 * see what the server parsed as a {@link org.quicfiles.api.endpoint.Request}: a command's body, or
 * a file stream's header block.
 *
 * <p>Null policy: no method of this package accepts or returns {@code null} unless its Javadoc says so.
 */
package org.quicfiles.api.endpoint;
