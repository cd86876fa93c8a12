package org.quicfiles.app.internal.runtime;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.quicfiles.app.StartupException;

/**
 * Picks one provider among candidates: the one named by the operator, or else the usable one with
 * the highest priority.
 *
 * @param kind what is chosen, for messages ({@code storage}, {@code transport})
 * @param name a provider's name
 * @param usable whether a provider can work here
 * @param priority a provider's priority
 * @param whyUnusable a provider's one-line reason for being unusable, empty when usable or unknown
 * @param <P> the provider type
 */
public record ProviderChoice<P>(String kind, Function<P, String> name, Predicate<P> usable,
                                ToIntFunction<P> priority, Function<P, Optional<String>> whyUnusable) {

    /** A choice among providers that do not say why they are unusable. */
    public ProviderChoice(String kind, Function<P, String> name, Predicate<P> usable, ToIntFunction<P> priority) {
        this(kind, name, usable, priority, provider -> Optional.empty());
    }

    /**
     * Chooses.
     *
     * @param candidates the providers found
     * @param forced the name the operator asked for, if any
     * @return the chosen provider
     * @throws StartupException if the forced one is missing or unusable, or none is usable
     */
    public P choose(List<P> candidates, Optional<String> forced) throws StartupException {
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
        return candidates.stream().filter(usable)
                .max(Comparator.comparingInt(priority))
                .orElseThrow(() -> new StartupException("no usable " + kind + " provider (found: "
                        + (candidates.isEmpty() ? "none" : describe(candidates)) + ")"));
    }

    /** The candidates as {@code name (priority N[, unusable: why])}, for logs. */
    public String describe(List<P> candidates) {
        return candidates.stream()
                .map(candidate -> name.apply(candidate) + " (priority " + priority.applyAsInt(candidate)
                        + (usable.test(candidate) ? "" : ", unusable"
                        + whyUnusable.apply(candidate).map(why -> ": " + why).orElse("")) + ")")
                .collect(Collectors.joining(", "));
    }
}
