/** {@code quicfiles migrate}: moving an embedded installation onto PostgreSQL and object storage. */
package org.quicfiles.app.internal.migrate;
