package org.quicfiles.transport.ngtcp2.internal.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.Optional;

/**
 * Finds Debian's ngtcp2 0.12 ({@code libngtcp2.so.9}), its GnuTLS crypto helper
 * ({@code libngtcp2_crypto_gnutls.so.2}) and GnuTLS ({@code libgnutls.so.30}), and makes downcall
 * handles from them. The sonames pin the ABI generation; {@link #problem()} also checks the version
 * strings, because the struct layouts in {@link Abi} hold for ngtcp2 0.12 only.
 */
public final class NativeLibs {
    static final Linker LINKER = Linker.nativeLinker();
    static final String NGTCP2 = "libngtcp2.so.9";
    static final String NGTCP2_CRYPTO = "libngtcp2_crypto_gnutls.so.2";
    static final String GNUTLS = "libgnutls.so.30";
    /** The ngtcp2 release series whose layouts {@link Abi} describes. */
    static final String NGTCP2_SERIES = "0.12.";
    static final String GNUTLS_MINIMUM = "3.7.0";

    private static final Loaded LOADED = load();

    private NativeLibs() {
    }

    private record Loaded(SymbolLookup lookup, String problem) {
    }

    /**
     * A folder to load the three libraries from instead of the system's search path (for builds
     * installed outside it); set with {@code -Dquicfiles.ngtcp2.library-dir=DIR} in
     * {@code QUICFILES_JAVA_OPTS}.
     */
    static final String LIBRARY_DIR_PROPERTY = "quicfiles.ngtcp2.library-dir";

    private static Loaded load() {
        try {
            String dir = System.getProperty(LIBRARY_DIR_PROPERTY, "");
            SymbolLookup lookup = library(dir, NGTCP2).or(library(dir, NGTCP2_CRYPTO)).or(library(dir, GNUTLS))
                    .or(LINKER.defaultLookup());
            return new Loaded(lookup, null);
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return new Loaded(null, "cannot load " + NGTCP2 + ", " + NGTCP2_CRYPTO + " and " + GNUTLS
                    + " (install libngtcp2-9, libngtcp2-crypto-gnutls2 and libgnutls30): " + e.getMessage());
        }
    }

    private static SymbolLookup library(String dir, String name) {
        return dir.isEmpty() ? SymbolLookup.libraryLookup(name, Arena.global())
                : SymbolLookup.libraryLookup(java.nio.file.Path.of(dir, name), Arena.global());
    }

    /**
     * Why the bindings cannot be used here, or empty when they can: libraries missing, or of a
     * version whose layouts differ. Never throws.
     */
    public static Optional<String> problem() {
        if (LOADED.problem != null) {
            return Optional.of(LOADED.problem);
        }
        try {
            String ngtcp2 = Ngtcp2.versionString();
            if (!ngtcp2.startsWith(NGTCP2_SERIES)) {
                return Optional.of("ngtcp2 " + ngtcp2 + " is installed; these bindings are for " + NGTCP2_SERIES + "x");
            }
            if (!GnuTls.checkVersion(GNUTLS_MINIMUM)) {
                return Optional.of("GnuTLS is older than " + GNUTLS_MINIMUM);
            }
            return Optional.empty();
        } catch (Throwable e) {
            return Optional.of("ngtcp2 bindings failed: " + e);
        }
    }

    static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        if (LOADED.lookup == null) {
            throw new IllegalStateException(LOADED.problem);
        }
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    /** The address of an exported function (for callbacks that ngtcp2's crypto helper implements). */
    public static MemorySegment symbol(String name) {
        if (LOADED.lookup == null) {
            throw new IllegalStateException(LOADED.problem);
        }
        return LOADED.lookup.find(name).orElseThrow(() -> new IllegalStateException("missing native symbol " + name));
    }

    /** Makes an upcall stub living as long as {@code arena}. */
    public static MemorySegment upcall(MethodHandle target, FunctionDescriptor descriptor, Arena arena) {
        return LINKER.upcallStub(target, descriptor, arena);
    }

    /**
     * An upcall stub to {@code receiver}'s method {@code name} of {@code lookup}'s class (private
     * methods included: the caller passes its own {@code MethodHandles.lookup()}), with the type
     * {@code descriptor} gives, living as long as {@code arena}.
     */
    public static MemorySegment upcall(MethodHandles.Lookup lookup, Object receiver, String name,
                                       FunctionDescriptor descriptor, Arena arena) {
        try {
            return upcall(lookup.findVirtual(lookup.lookupClass(), name, descriptor.toMethodType()).bindTo(receiver),
                    descriptor, arena);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no upcall target " + name + descriptor.toMethodType(), e);
        }
    }

    /** As {@link #upcall(MethodHandles.Lookup, Object, String, FunctionDescriptor, Arena)} for a static method. */
    public static MemorySegment upcallStatic(MethodHandles.Lookup lookup, String name, FunctionDescriptor descriptor,
                                             Arena arena) {
        try {
            return upcall(lookup.findStatic(lookup.lookupClass(), name, descriptor.toMethodType()), descriptor, arena);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no upcall target " + name + descriptor.toMethodType(), e);
        }
    }

    /** Rethrows what a downcall threw: an Error as it is, anything else unchecked. */
    static RuntimeException rethrow(Throwable e) {
        if (e instanceof Error error) {
            throw error;
        }
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(e);
    }

    static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;
}
