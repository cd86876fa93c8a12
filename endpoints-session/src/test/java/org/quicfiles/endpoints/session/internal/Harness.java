package org.quicfiles.endpoints.session.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.testkit.TestServerContext;

/** The session plugin's parts over a real SQLite file and a loopback fake of GitHub. */
final class Harness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final FakeGitHub github;
    final TestServerContext context;
    final SessionSettings settings;
    final ReleaseStore store;
    final GitHubReleaseClient client;
    final ReleasePoller poller;
    final SessionVersionEndpoint endpoint;

    Harness(Path directory, Map<String, String> extraConfig) throws Exception {
        this(directory, extraConfig, new FakeGitHub());
    }

    Harness(Path directory, Map<String, String> extraConfig, FakeGitHub github) throws Exception {
        this(directory, extraConfig, github, null);
    }

    /** @param dataSource the database, or null for a SQLite file in {@code directory} */
    Harness(Path directory, Map<String, String> extraConfig, FakeGitHub github, DataSource dataSource)
            throws Exception {
        this.github = github;
        Map<String, String> config = new HashMap<>();
        config.put("base-url", github.baseUrl());
        config.put("retries", "0");
        config.put("timeout", "5s");
        config.putAll(extraConfig);
        context = dataSource == null ? TestServerContext.builder(directory).config(config).build()
                : TestServerContext.builder(directory).config(config).dataSource(dataSource, ServerContext.SqlDialect.POSTGRESQL).build();
        settings = SessionSettings.from(context.config());
        ReleaseStore.migrate(context.dataSource());
        store = new ReleaseStore(context.dataSource());
        client = new GitHubReleaseClient(settings, new GitHubReleaseParser(tag ->
                context.logger().log(System.Logger.Level.INFO, "ignored " + tag)));
        poller = new ReleasePoller(settings, store, client, context.clock(), context.logger());
        endpoint = new SessionVersionEndpoint(settings, store);
    }

    /** Asks in JSON and parses the JSON reply. */
    JsonNode askJson(String body) throws Exception {
        byte[] reply = org.quicfiles.testkit.RequestCalls.answer(endpoint, body.getBytes(StandardCharsets.UTF_8));
        return JSON.readTree(reply);
    }

    /** Asks in bt and parses the bt reply. */
    Bt.Dict askBt(Bt.Dict body) throws Exception {
        return Bt.decodeDict(org.quicfiles.testkit.RequestCalls.answer(endpoint, body.encode()));
    }

    @Override
    public void close() throws IOException {
        client.close();
        context.close();
        github.close();
    }
}
