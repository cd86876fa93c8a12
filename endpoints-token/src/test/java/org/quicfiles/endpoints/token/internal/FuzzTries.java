package org.quicfiles.endpoints.token.internal;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The number of cases of every fuzz property: 10,000 by default, or the system property
 * {@code fuzz.tries} for a long run.
 */
public final class FuzzTries implements AroundPropertyHook {
    /** The fixed seed of every fuzz property, so that each run tries the same cases. */
    static final String SEED = "20261125";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(Integer.getInteger("fuzz.tries", 10_000));
        return property.execute();
    }
}
