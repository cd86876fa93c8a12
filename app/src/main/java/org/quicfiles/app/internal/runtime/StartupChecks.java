package org.quicfiles.app.internal.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.quicfiles.api.Config;
import org.quicfiles.app.StartupException;
import org.quicfiles.app.internal.config.ConfigErrors;
import org.quicfiles.app.internal.config.ConfigException;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.config.KnownKeys;
import org.quicfiles.app.internal.config.ListenAddress;
import org.quicfiles.app.internal.plugins.LoadedPlugin;

/**
 * The checks the server makes before it creates anything (decision note 0407): every key is read by
 * someone, a key of the chosen provider's section is read by that provider, the listen port is
 * free, the admin address is loopback. Each failure is one {@link StartupException} line naming the
 * key and where it was set.
 */
final class StartupChecks {
    private StartupChecks() {
    }

    /** Candidates of one provider kind, for {@link #checkKeys}. */
    record Installed<P>(ProviderChoice<P> choice, List<P> found) {
        void declareTo(KnownKeys known) {
            for (P provider : found) {
                known.addAll(choice.kind(), choice.keysOf(provider), choice.kind() + " " + choice.nameOf(provider));
            }
        }
    }

    /** Refuses a key that no installed provider or loaded plugin declares. */
    static void checkKeys(Config merged, ConfigErrors errors, List<Installed<?>> providers, List<LoadedPlugin> plugins)
            throws StartupException {
        KnownKeys known = new KnownKeys();
        providers.forEach(installed -> installed.declareTo(known));
        for (LoadedPlugin plugin : plugins) {
            known.addAll(plugin.name(), plugin.configKeys(), "plugin " + plugin.name());
        }
        try {
            known.check(merged.values().keySet(), errors.origins());
        } catch (ConfigException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /**
     * Refuses a key of the chosen provider's section that another installed provider reads but the
     * chosen one does not (e.g. {@code transport.qlog-dir} with the ngtcp2 transport): it would be ignored.
     */
    static <P> void requireReadBy(ProviderChoice<P> choice, P chosen, Config merged, ConfigErrors errors)
            throws StartupException {
        String section = choice.kind();
        Set<String> keys = choice.keysOf(chosen);
        for (String key : new TreeSet<>(merged.values().keySet())) {
            if (key.startsWith(section + ".") && !ConfigKeys.SERVER_KEYS.contains(key)
                    && !keys.contains(key.substring(section.length() + 1))) {
                throw new StartupException(key + " (" + errors.origins().getOrDefault(key, "configuration")
                        + "): the " + section + " " + choice.nameOf(chosen) + " does not read it; choose a " + section
                        + " that does with --" + section + " or remove the setting");
            }
        }
    }

    /** Reads one of the server's own keys; a bad value is one line naming the key and its origin. */
    static <T> T serverValue(ConfigErrors errors, String key, Supplier<T> read) throws StartupException {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new StartupException(errors.qualify(key.substring(0, key.indexOf('.')), e.getMessage()), e);
        }
    }

    /**
     * Binds the listen address for a moment, so that a port in use is one line naming the
     * address before the data folder, the key and the database are created. Port 0 is not probed.
     */
    static void requirePortFree(Config merged, ConfigErrors errors) throws StartupException {
        int port = serverValue(errors, ConfigKeys.PORT, () -> merged.getInt(ConfigKeys.PORT, ConfigKeys.DEFAULT_PORT));
        String host = merged.get(ConfigKeys.ADDRESS, ConfigKeys.DEFAULT_ADDRESS);
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new StartupException(errors.qualify("transport", "address: cannot resolve '" + host + "'"), e);
        }
        if (port == 0) {
            return;
        }
        String where = ListenAddress.format(address, port);
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(address, port));
        } catch (java.net.BindException e) {
            throw new StartupException("UDP " + where + " is already in use (another quicfiles?): " + e.getMessage()
                    + "; stop it or choose another --listen address", e);
        } catch (IOException e) {
            throw new StartupException("cannot listen on UDP " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The admin listener's address ({@code server.admin}); a loopback address only: the
     * listener has no authentication and tells anyone who asks what the server is doing.
     */
    static Optional<InetSocketAddress> adminAddress(Config merged, ConfigErrors errors) throws StartupException {
        Optional<String> text = merged.get(ConfigKeys.ADMIN).filter(value -> !value.isBlank());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String origin = errors.origins().getOrDefault(ConfigKeys.ADMIN, "configuration");
        try {
            ListenAddress parsed = ListenAddress.parse(ConfigKeys.ADMIN + " (" + origin + ")", text.get());
            InetAddress host = InetAddress.getByName(parsed.host());
            if (!host.isLoopbackAddress()) {
                throw new StartupException(ConfigKeys.ADMIN + " (" + origin + "): '" + text.get()
                        + "' is not a loopback address; the admin listener has no authentication, so it binds"
                        + " 127.0.0.1 or [::1] only (e.g. 127.0.0.1:9464; reach it from elsewhere through a proxy)");
            }
            return Optional.of(new InetSocketAddress(host, parsed.port()));
        } catch (ConfigException e) {
            throw new StartupException(e.getMessage(), e);
        } catch (java.net.UnknownHostException e) {
            throw new StartupException(ConfigKeys.ADMIN + " (" + origin + "): cannot resolve '" + text.get() + "'", e);
        }
    }
}
