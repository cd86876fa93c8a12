package org.quicfiles.endpoints.session.internal;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version parsed from a git tag: {@code v?X.Y.Z}, {@code v?X.Y.Z-alpha.N} or
 * {@code v?X.Y.Z-beta.N}. Ordered like semantic versions: {@code 1.2.3-alpha.9 < 1.2.3-beta.1 < 1.2.3}.
 *
 * @param major X
 * @param minor Y
 * @param patch Z
 * @param stage final, beta or alpha
 * @param stageNumber N of {@code -alpha.N} / {@code -beta.N}; 0 for a final version
 */
record ReleaseVersion(int major, int minor, int patch, Stage stage, int stageNumber)
        implements Comparable<ReleaseVersion> {

    private static final Pattern TAG =
            Pattern.compile("v?(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(?:-(alpha|beta)\\.(\\d{1,9}))?");

    private static final Comparator<ReleaseVersion> ORDER = Comparator.comparingInt(ReleaseVersion::major)
            .thenComparingInt(ReleaseVersion::minor)
            .thenComparingInt(ReleaseVersion::patch)
            .thenComparing(ReleaseVersion::stage)
            .thenComparingInt(ReleaseVersion::stageNumber);

    /** The stage of a version, in ascending order of maturity. */
    enum Stage {
        /** {@code -alpha.N}. */
        ALPHA,
        /** {@code -beta.N}. */
        BETA,
        /** No suffix. */
        FINAL
    }

    /** The version a tag names, or empty when the tag is not one of the accepted forms. */
    static Optional<ReleaseVersion> parse(String tag) {
        Matcher m = TAG.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        Stage stage = m.group(4) == null ? Stage.FINAL
                : m.group(4).equals("alpha") ? Stage.ALPHA : Stage.BETA;
        int number = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        return Optional.of(new ReleaseVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), stage, number));
    }

    @Override
    public int compareTo(ReleaseVersion other) {
        return ORDER.compare(this, other);
    }

    /** The version as sent to clients: {@code M.m.p}, {@code M.m.p-alpha.N} or {@code M.m.p-beta.N}. */
    @Override
    public String toString() {
        String base = major + "." + minor + "." + patch;
        return switch (stage) {
            case FINAL -> base;
            case ALPHA -> base + "-alpha." + stageNumber;
            case BETA -> base + "-beta." + stageNumber;
        };
    }
}
