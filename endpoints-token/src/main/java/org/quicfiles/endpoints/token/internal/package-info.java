/**
 * The token plugin's implementation: {@link org.quicfiles.endpoints.token.internal.TokenProvider}
 * serves {@code token_info} from {@link org.quicfiles.endpoints.token.internal.TokenStore}, which is
 * filled from one JSON document format ({@link org.quicfiles.endpoints.token.internal.StatisticsDocument})
 * by the scheduled {@link org.quicfiles.endpoints.token.internal.StatisticsFeed} or by the operator's
 * import ({@link org.quicfiles.endpoints.token.internal.TokenImporter}, reachable as the
 * {@code token} {@link java.util.spi.ToolProvider}).
 *
 * <p>Null policy: no method of this package accepts or returns {@code null} unless its Javadoc says so.
 */
package org.quicfiles.endpoints.token.internal;
