/**
 * Endpoint plugin loading: one {@link java.lang.ModuleLayer} per plugin jar or sub-folder of the
 * plugins folder, resolved after the application's own layer so that a plugin cannot shadow the api
 * or the application; api version checks; name clash detection.
 */
package org.quicfiles.app.internal.plugins;
