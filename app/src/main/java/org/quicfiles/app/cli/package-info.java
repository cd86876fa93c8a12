/**
 * The {@code quicfiles} command line (picocli): {@code serve}, {@code plugins} and the client
 * subcommands. Opened to picocli, which fills the annotated fields reflectively.
 */
package org.quicfiles.app.cli;
