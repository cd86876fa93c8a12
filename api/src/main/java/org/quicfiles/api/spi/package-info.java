/**
 * Service-provider interfaces the server discovers with {@link java.util.ServiceLoader}: endpoint
 * plugins ({@link org.quicfiles.api.spi.EndpointProvider}), storage
 * ({@link org.quicfiles.api.spi.StorageProvider}) and transport
 * ({@link org.quicfiles.api.spi.TransportProvider}). Providers are small stateless factories with a
 * stable {@code name()}; new abilities arrive later as {@code default} methods.
 *
 * <p>Null policy: no method of this package accepts or returns {@code null} unless its Javadoc says so.
 */
package org.quicfiles.api.spi;
