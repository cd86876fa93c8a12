/**
 * The running server's parts and their wiring: {@link org.quicfiles.app.internal.runtime.ServerAssembly}
 * (the start-up order), the checks made before anything is created, the one rule that chooses a
 * transport or a storage among those installed, the context each plugin gets, starting plugins, and
 * the router the transport asks for endpoints.
 */
package org.quicfiles.app.internal.runtime;
