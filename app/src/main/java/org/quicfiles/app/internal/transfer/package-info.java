/**
 * Helpers of the client subcommands: byte counting for the progress bar, and the progress bar
 * itself. Content ids are checked by the client library ({@code QuicFilesClient.get}).
 */
package org.quicfiles.app.internal.transfer;
