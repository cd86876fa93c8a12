package org.quicfiles.protocol.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets every fuzz property's number of cases: 10,000 in CI, or the system property
 * {@code fuzz.tries} for a long run ({@code mvn -B -o -pl protocol -am test -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.tries=1000000}).
 */
public final class FuzzTries implements AroundPropertyHook {
    /** The fixed seed of every fuzz property, so that CI runs the same cases each time. */
    public static final String SEED = "20261125";
    static final int DEFAULT_TRIES = 10_000;

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(Integer.getInteger("fuzz.tries", DEFAULT_TRIES));
        return property.execute();
    }
}
