package org.quicfiles.app.internal.identity;

import java.io.Serial;
import java.security.SecureRandom;

/**
 * A {@link SecureRandom} that hands out exactly one given 32-byte seed. The JDK's Ed25519 key pair
 * generator draws the private key's 32 bytes from its random source in one call, so initialising it
 * with this source yields the key pair of that seed.
 */
final class SeedRandom extends SecureRandom {
    @Serial
    private static final long serialVersionUID = 1L;

    private final byte[] seed;
    private boolean used;

    SeedRandom(byte[] seed) {
        this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
        if (used || bytes.length != seed.length) {
            throw new IllegalStateException("the key generator asked for more than the seed");
        }
        used = true;
        System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
}
