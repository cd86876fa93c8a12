package org.quicfiles.api;

/**
 * The version of this api. Providers return {@link #CURRENT} from their {@code apiVersion()}
 * method: the compiler inlines the constant, so the value records the api version the plugin was
 * built against, and the server refuses a plugin built against any other api version than the
 * running one (one line naming both).
 *
 * <p>Version 2: request endpoints receive a parsed {@link org.quicfiles.api.endpoint.Request} and
 * return plain values the server encodes; the bt and JSON codecs left the api.
 *
 * @since 0.1.0 (api version 1)
 */
public final class ApiVersion {
    /** The api version of this build. Raised when a provider interface gains an abstract method or a type changes incompatibly. */
    public static final int CURRENT = 2;

    private ApiVersion() {
    }
}
