/**
 * Where configuration comes from: defaults, a {@code key = value} file, {@code QUICFILES_…}
 * environment variables and command-line flags, merged in that order of increasing precedence
 * into the api's flat {@link org.quicfiles.api.Config}.
 */
package org.quicfiles.app.internal.config;
