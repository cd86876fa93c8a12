/**
 * Property-based fuzz tests of the protocol codecs a peer can reach ({@code Bt.decode},
 * {@code Bt.decodeDict}, {@code RequestBody.parse}), with jqwik, a fixed seed and 10,000 cases per
 * property; {@code -Dfuzz.tries=N} runs N instead (see {@link org.quicfiles.protocol.fuzz.FuzzTries}).
 */
package org.quicfiles.protocol.fuzz;
