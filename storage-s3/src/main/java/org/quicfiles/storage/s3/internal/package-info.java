/** The {@code s3} storage provider: settings, store, writer and reader. */
package org.quicfiles.storage.s3.internal;
