/**
 * The running server's parts: choosing the storage and transport providers, the context each
 * plugin gets, starting plugins, and the router the transport asks for endpoints.
 */
package org.quicfiles.app.internal.runtime;
