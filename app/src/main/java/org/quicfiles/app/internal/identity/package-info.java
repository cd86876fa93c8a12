/**
 * The server's Ed25519 identity key: read from, or created in, the key file (64 raw bytes
 * seed‖public key in libsodium's layout, or the same as 128 hex characters), with the JDK's Ed25519.
 */
package org.quicfiles.app.internal.identity;
