/**
 * The example plugin's provider and endpoints. Not exported: only the server's
 * {@link java.util.ServiceLoader} reaches {@link org.quicfiles.examples.hello.internal.HelloProvider}.
 */
package org.quicfiles.examples.hello.internal;
