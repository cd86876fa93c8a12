package org.quicfiles.api;

/**
 * The version of this api. Providers return {@link #CURRENT} from their {@code apiVersion()}
 * method: the compiler inlines the constant, so the value records the api version the plugin was
 * built against, and the server refuses a plugin built against a newer api than the running one.
 */
public final class ApiVersion {
    /** The api version of this build. Raised when a provider interface gains an abstract method. */
    public static final int CURRENT = 1;

    private ApiVersion() {
    }
}
