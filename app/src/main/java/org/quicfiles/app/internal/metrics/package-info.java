/**
 * Metrics and health (decision note 0414): the server's Micrometer registry with its Prometheus
 * exposition, the JDK-only {@link org.quicfiles.api.spi.Meters} hook mapped onto it, and the admin
 * HTTP listener ({@code server.admin}) that serves {@code /metrics}, {@code /health/live} and
 * {@code /health/ready}.
 */
package org.quicfiles.app.internal.metrics;
