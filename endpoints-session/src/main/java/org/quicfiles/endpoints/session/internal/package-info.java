/**
 * The session plugin's implementation: {@link org.quicfiles.endpoints.session.internal.SessionProvider}
 * wires a {@link org.quicfiles.endpoints.session.internal.ReleasePoller} (GitHub → database, one
 * project per tick) to a {@link org.quicfiles.endpoints.session.internal.SessionVersionEndpoint}
 * (database → reply, never waiting for GitHub).
 *
 * <p>Null policy: no method of this package accepts or returns {@code null} unless its Javadoc says so.
 */
package org.quicfiles.endpoints.session.internal;
