/**
 * Hand-written FFM bindings to ngtcp2 0.12, its GnuTLS crypto helper and GnuTLS 3.7 (no jextract is
 * available): downcalls in {@link org.quicfiles.transport.ngtcp2.internal.ffi.Ngtcp2} and
 * {@link org.quicfiles.transport.ngtcp2.internal.ffi.GnuTls}, struct layouts in
 * {@link org.quicfiles.transport.ngtcp2.internal.ffi.Abi} (checked against the installed headers by
 * {@code LayoutTest}), upcalls in {@link org.quicfiles.transport.ngtcp2.internal.ffi.Callbacks}.
 */
package org.quicfiles.transport.ngtcp2.internal.ffi;
