/**
 * Tells systemd how the server is doing ({@code sd_notify}): ready, status, watchdog, stopping.
 * Nothing happens when the server was not started by systemd ({@code NOTIFY_SOCKET} unset).
 */
package org.quicfiles.app.internal.systemd;
