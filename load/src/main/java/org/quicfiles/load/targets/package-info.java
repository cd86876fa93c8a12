/**
 * What the driver loads: a {@link org.quicfiles.load.targets.Target} opens connections that put, get
 * and ask for file info; {@link org.quicfiles.load.targets.Targets} starts each kind and owns what it
 * started.
 */
package org.quicfiles.load.targets;
