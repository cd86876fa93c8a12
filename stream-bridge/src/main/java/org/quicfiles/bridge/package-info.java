/**
 * Transport-neutral pieces of the blocking stream bridge (decision notes 0161, 0162).
 */
package org.quicfiles.bridge;
