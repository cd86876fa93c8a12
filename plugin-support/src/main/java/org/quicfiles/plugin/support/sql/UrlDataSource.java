package org.quicfiles.plugin.support.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over a JDBC URL through {@link DriverManager}: every call opens a new
 * connection. For code that runs outside the server and so has no server data source (a plugin's
 * operator tool, tests); it needs no driver's own data source class (PostgreSQL's drags in
 * {@code java.naming}).
 *
 * @param url the JDBC URL, e.g. {@code jdbc:sqlite:/tmp/x/meta.sqlite}
 * @param user the user to connect as, else the URL's or the driver's
 * @param password the password, else the URL's or none; never printed
 *
 * @since 0.1.0 (in {@code org.quicfiles.api.sql} until api version 2, decision 0012)
 */
public record UrlDataSource(String url, Optional<String> user, Optional<String> password) implements PlainDataSource {
    /** Over {@code url} alone: the credentials, if any, are in it. */
    public UrlDataSource(String url) {
        this(url, Optional.empty(), Optional.empty());
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties credentials = new Properties();
        user.ifPresent(name -> credentials.setProperty("user", name));
        password.ifPresent(secret -> credentials.setProperty("password", secret));
        return DriverManager.getConnection(url, credentials);
    }

    /** The URL without its parameters (which may carry a password); never the password. */
    @Override
    public String toString() {
        return "UrlDataSource[" + url.replaceFirst("\\?.*", "") + user.map(name -> ", user " + name).orElse("") + "]";
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
