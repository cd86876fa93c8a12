/** The data folder: its permissions and the lock that gives it to one server process. */
package org.quicfiles.app.internal.data;
