package org.quicfiles.app.internal.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.spi.TransportProvider;
import org.quicfiles.app.StartupException;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.config.OneLine;

/**
 * How the server picks one provider of a kind (transport, storage) among those installed: the one
 * the operator names ({@code --transport}, {@code --storage}), or else the usable one with the
 * highest priority. One rule for every kind; a kind only says how to ask its providers.
 *
 * @param <P> the provider type
 */
public final class ProviderChoice<P> {
    /** Transports: {@code transport.provider}, section {@code transport}. */
    public static final ProviderChoice<TransportProvider> TRANSPORT = new ProviderChoice<>(TransportProvider.class,
            "transport", ConfigKeys.TRANSPORT_PROVIDER, TransportProvider::name, TransportProvider::isUsable,
            TransportProvider::priority, TransportProvider::unusableReason, TransportProvider::configKeys);
    /** Storages: {@code storage.provider}, section {@code storage}; a storage does not say why it is unusable. */
    public static final ProviderChoice<StorageProvider> STORAGE = new ProviderChoice<>(StorageProvider.class,
            "storage", ConfigKeys.STORAGE_PROVIDER, StorageProvider::name, StorageProvider::isUsable,
            StorageProvider::priority, provider -> Optional.empty(), StorageProvider::configKeys);

    private final Class<P> service;
    private final String kind;
    private final String providerKey;
    private final Function<P, String> name;
    private final Predicate<P> usable;
    private final ToIntFunction<P> priority;
    private final Function<P, Optional<String>> whyUnusable;
    private final Function<P, Set<String>> configKeys;

    /**
     * @param service the SPI type, loaded with {@link ServiceLoader}
     * @param kind what is chosen, for messages, and the configuration section its providers read
     *        ({@code storage}, {@code transport})
     * @param providerKey the key naming the operator's choice ({@code storage.provider})
     * @param name a provider's name
     * @param usable whether a provider can work here
     * @param priority a provider's priority
     * @param whyUnusable a provider's one-line reason for being unusable, empty when usable or unknown
     * @param configKeys the keys a provider reads, relative to {@code kind}
     */
    public ProviderChoice(Class<P> service, String kind, String providerKey, Function<P, String> name,
                          Predicate<P> usable, ToIntFunction<P> priority, Function<P, Optional<String>> whyUnusable,
                          Function<P, Set<String>> configKeys) {
        this.service = service;
        this.kind = kind;
        this.providerKey = providerKey;
        this.name = name;
        this.usable = usable;
        this.priority = priority;
        this.whyUnusable = whyUnusable;
        this.configKeys = configKeys;
    }

    /** What is chosen ({@code storage}, {@code transport}), also the section its providers read. */
    public String kind() {
        return kind;
    }

    /** A provider's name. */
    public String nameOf(P provider) {
        return name.apply(provider);
    }

    /** The keys a provider reads, relative to {@link #kind()}. */
    public Set<String> keysOf(P provider) {
        return configKeys.apply(provider);
    }

    /**
     * The providers installed in {@code layer} (with its parents), or on the class path when the
     * caller is not in a named layer.
     *
     * @throws StartupException if a provider cannot be instantiated
     */
    public List<P> load(ModuleLayer layer) throws StartupException {
        try {
            ServiceLoader<P> loader = layer == null ? ServiceLoader.load(service) : ServiceLoader.load(layer, service);
            return loader.stream().map(ServiceLoader.Provider::get).toList();
        } catch (ServiceConfigurationError e) {
            throw new StartupException("cannot load a " + service.getSimpleName() + ": " + OneLine.of(e), e);
        }
    }

    /**
     * Chooses the provider {@code config} names, or else the usable one with the highest priority.
     *
     * @param candidates the providers found
     * @param config the merged configuration, read for the provider key only
     * @return the chosen provider
     * @throws StartupException if the named one is missing or unusable, or none is usable
     */
    public P choose(List<P> candidates, Config config) throws StartupException {
        Optional<String> forced = config.get(providerKey);
        if (forced.isPresent()) {
            String wanted = forced.get();
            P provider = candidates.stream().filter(candidate -> name.apply(candidate).equals(wanted)).findFirst()
                    .orElseThrow(() -> new StartupException("no " + kind + " provider named '" + wanted
                            + "' (available: " + describe(candidates) + ")"));
            if (!usable.test(provider)) {
                throw new StartupException(kind + " provider '" + wanted + "' is not usable on this machine"
                        + whyUnusable.apply(provider).map(why -> ": " + why).orElse(""));
            }
            return provider;
        }
        // highest priority first, and none probed below the first usable one: a probe may load a
        // native library (Netty's quiche, io_uring), which costs start-up time (decision note 0415)
        for (P candidate : byPriority(candidates)) {
            if (usable.test(candidate)) {
                return candidate;
            }
        }
        throw new StartupException("no usable " + kind + " provider (found: "
                + (candidates.isEmpty() ? "none" : describe(candidates)) + ")");
    }

    /** The candidates highest priority first; among equal priorities in the order found. */
    private List<P> byPriority(List<P> candidates) {
        return candidates.stream().sorted(Comparator.comparingInt(priority).reversed()).toList();
    }

    /**
     * The candidates as {@link #describe(List)} writes them, for the line naming {@code chosen}:
     * those {@link #choose} did not need to probe (after the chosen one by priority) are
     * {@code name (priority N, not checked)} instead of being probed now.
     */
    public String describe(List<P> candidates, P chosen) {
        List<P> ordered = byPriority(candidates);
        int chosenAt = ordered.indexOf(chosen);
        return candidates.stream()
                .map(candidate -> candidate == chosen ? name.apply(candidate) + " (priority "
                        + priority.applyAsInt(candidate) + ")"
                        : ordered.indexOf(candidate) > chosenAt ? name.apply(candidate) + " (priority "
                        + priority.applyAsInt(candidate) + ", not checked)" : describe(candidate))
                .collect(Collectors.joining(", "));
    }

    /** The candidates as {@code name (priority N[, unusable: why])}, for logs. */
    public String describe(List<P> candidates) {
        return candidates.stream().map(this::describe).collect(Collectors.joining(", "));
    }

    private String describe(P candidate) {
        return name.apply(candidate) + " (priority " + priority.applyAsInt(candidate)
                + (usable.test(candidate) ? "" : ", unusable"
                + whyUnusable.apply(candidate).map(why -> ": " + why).orElse("")) + ")";
    }
}
