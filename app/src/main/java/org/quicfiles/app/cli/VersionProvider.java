package org.quicfiles.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.quicfiles.api.ApiVersion;
import picocli.CommandLine;

/** The {@code --version} text: the build's version, the api version and the Java runtime. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    /** The version Maven wrote into {@code version.properties}, or {@code unknown}. */
    public static String buildVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "quicfiles " + buildVersion() + " (api " + ApiVersion.CURRENT + ", Java " + Runtime.version() + ")"
        };
    }
}
