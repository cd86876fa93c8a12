/**
 * Small JDK-only helpers for plugins that keep tables in the server's metadata database.
 *
 * <p>Null policy: no method of this package accepts or returns {@code null} unless its Javadoc says so.
 */
package org.quicfiles.plugin.support.sql;
