/** The suite: scenarios P1–P6, each against quicfiles and the baselines of the same run. */
package org.quicfiles.load.scenario;
