/** The client's Netty plumbing (not exported). */
package org.quicfiles.client.internal;
