package org.quicfiles.app.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.api.spi.TransportProvider;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.app.StartupException;

/** One rule for transports and storages: the named one, or else the usable one with the highest priority. */
class ProviderChoiceTest {
    private record Storage(String name, boolean isUsable, int priority) implements StorageProvider {
        @Override
        public BlobStore open(StorageContext context) {
            throw new UnsupportedOperationException("not opened in this test");
        }
    }

    private record Carrier(String name, boolean isUsable, int priority) implements TransportProvider {
        @Override
        public Optional<String> unusableReason() {
            return isUsable ? Optional.empty() : Optional.of("no " + name + " here");
        }

        @Override
        public Transport start(TransportContext context) {
            throw new UnsupportedOperationException("not started in this test");
        }
    }

    private static final List<StorageProvider> STORAGES = List.of(new Storage("nio", true, 10),
            new Storage("uring", false, 20), new Storage("slow", true, 1));
    private static final List<TransportProvider> TRANSPORTS = List.of(new Carrier("quic", true, 10),
            new Carrier("fast", false, 20), new Carrier("slow", true, 1));

    private static Config named(String key, String name) {
        return new Config(Map.of(key, name));
    }

    @Test
    void withoutANameTheUsableOneWithTheHighestPriorityIsChosenForEitherKind() throws StartupException {
        assertEquals("nio", ProviderChoice.STORAGE.choose(STORAGES, Config.empty()).name());
        assertEquals("quic", ProviderChoice.TRANSPORT.choose(TRANSPORTS, Config.empty()).name());
    }

    @Test
    void theNamedOneIsChosenEvenWithALowerPriority() throws StartupException {
        assertEquals("slow", ProviderChoice.STORAGE.choose(STORAGES, named("storage.provider", "slow")).name());
        assertEquals("slow", ProviderChoice.TRANSPORT.choose(TRANSPORTS, named("transport.provider", "slow")).name());
    }

    @Test
    void aNamedProviderThatIsMissingOrUnusableIsOneLine() {
        assertEquals("no storage provider named 'tape' (available: nio (priority 10), uring (priority 20, unusable),"
                + " slow (priority 1))", assertThrows(StartupException.class,
                () -> ProviderChoice.STORAGE.choose(STORAGES, named("storage.provider", "tape"))).getMessage());
        assertEquals("storage provider 'uring' is not usable on this machine", assertThrows(StartupException.class,
                () -> ProviderChoice.STORAGE.choose(STORAGES, named("storage.provider", "uring"))).getMessage());
        assertEquals("transport provider 'fast' is not usable on this machine: no fast here",
                assertThrows(StartupException.class,
                        () -> ProviderChoice.TRANSPORT.choose(TRANSPORTS, named("transport.provider", "fast")))
                        .getMessage());
    }

    @Test
    void noUsableProviderIsOneLineNamingWhatWasFound() {
        assertEquals("no usable transport provider (found: none)", assertThrows(StartupException.class,
                () -> ProviderChoice.TRANSPORT.choose(List.of(), Config.empty())).getMessage());
        assertEquals("no usable storage provider (found: uring (priority 20, unusable))",
                assertThrows(StartupException.class, () -> ProviderChoice.STORAGE.choose(
                        List.of(STORAGES.get(1)), Config.empty())).getMessage());
    }

    /** A transport that counts how often it was asked whether it is usable (a probe may load a native library). */
    private static final class Probed implements TransportProvider {
        private final String name;
        private final boolean usable;
        private final int priority;
        private int probes;

        Probed(String name, boolean usable, int priority) {
            this.name = name;
            this.usable = usable;
            this.priority = priority;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isUsable() {
            probes++;
            return usable;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Transport start(TransportContext context) {
            throw new UnsupportedOperationException("not started in this test");
        }
    }

    @Test
    void aProviderBelowTheFirstUsableOneIsNeverProbedAndTheLineSaysSo() throws StartupException {
        Probed low = new Probed("quic", true, 100);
        Probed broken = new Probed("fast", false, 200);
        Probed high = new Probed("ngtcp2", true, 150);
        List<TransportProvider> found = List.of(low, broken, high);
        TransportProvider chosen = ProviderChoice.TRANSPORT.choose(found, Config.empty());
        assertEquals("ngtcp2", chosen.name());
        assertEquals("quic (priority 100, not checked), fast (priority 200, unusable: not usable on this machine),"
                + " ngtcp2 (priority 150)", ProviderChoice.TRANSPORT.describe(found, chosen));
        assertEquals(0, low.probes);
    }

    @Test
    void aProviderIsNotReadByTheOtherKindsKey() throws StartupException {
        // storage.provider names a storage only; the transport choice ignores it
        assertEquals("quic", ProviderChoice.TRANSPORT.choose(TRANSPORTS, named("storage.provider", "slow")).name());
    }
}
