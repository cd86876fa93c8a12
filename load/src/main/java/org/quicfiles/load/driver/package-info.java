/**
 * Runs a {@link org.quicfiles.load.driver.Workload} against a target with virtual-thread workers
 * and measures it into a {@link org.quicfiles.load.driver.Result}: latency percentiles
 * (HdrHistogram), bytes, errors by cause, the server's CPU and peak RSS.
 */
package org.quicfiles.load.driver;
