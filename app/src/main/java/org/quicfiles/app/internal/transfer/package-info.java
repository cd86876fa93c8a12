/**
 * Helpers of the client subcommands: content id checks (keyed BLAKE2b), byte counting for the
 * progress bar, and the progress bar itself.
 */
package org.quicfiles.app.internal.transfer;
