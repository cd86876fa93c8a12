package org.quicfiles.endpoints.session.internal;

import static org.quicfiles.endpoints.session.internal.FakeGitHub.Answer.ok;
import static org.quicfiles.endpoints.session.internal.Fixtures.list;
import static org.quicfiles.endpoints.session.internal.Fixtures.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.ApiVersion;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Endpoints;
import org.quicfiles.api.spi.EndpointProvider;
import org.quicfiles.testkit.TestServerContext;

class SessionProviderTest {
    @TempDir
    Path directory;

    @Test
    void isFoundByServiceLoaderAndDeclaresOneRequestEndpoint() {
        // The descriptor provides the service but need not use it; the test, patched in, does.
        getClass().getModule().addUses(EndpointProvider.class);
        EndpointProvider provider = ServiceLoader.load(getClass().getModule().getLayer(), EndpointProvider.class)
                .stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("session")).findFirst().orElseThrow();
        assertEquals(ApiVersion.CURRENT, provider.apiVersion());
        assertEquals(Set.of(), provider.streamCommands());
        assertEquals(Set.of("session_version"), provider.requestEndpoints());
        assertTrue(getClass().getModule().isNamed(), "tests run on the module path");
    }

    @Test
    void createsItsTablesOnceAndAnswersUnavailableUntilAPollSucceeded() throws Exception {
        try (TestServerContext context = TestServerContext.builder(directory).config(Map.of("enabled", "false")).build()) {
            for (int start = 0; start < 2; start++) {
                Endpoints endpoints = new SessionProvider().create(context);
                assertEquals(Set.of("session_version"), endpoints.requestEndpoints().keySet());
                assertTrue(endpoints.streamCommands().isEmpty());
                QuicFilesException e = assertThrows(QuicFilesException.class, () -> org.quicfiles.testkit.RequestCalls.answer(
                        endpoints.requestEndpoints().get("session_version"), "{\"platform\":\"ios\"}".getBytes(StandardCharsets.UTF_8)));
                assertEquals(ErrorCode.UNAVAILABLE, e.code());
                endpoints.onClose().close();
            }
            try (Connection connection = context.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery(
                         "SELECT version FROM schema_version WHERE component = 'session'")) {
                assertTrue(row.next());
                assertEquals(1, row.getInt(1));
            }
        }
    }

    @Test
    void pollsOnTheServerSchedulerUntilClosed() throws Exception {
        try (FakeGitHub github = new FakeGitHub();
             TestServerContext context = TestServerContext.builder(directory).config(Map.of("base-url", github.baseUrl())).build()) {
            github.releases("session-desktop", ok(release("v1.0.0", false)), ok(list(release("v1.0.0", false))));
            Endpoints endpoints = new SessionProvider().create(context);
            github.awaitFirstRequest();
            endpoints.onClose().close();
            assertTrue(github.totalRequests() >= 1);
        }
    }

    @Test
    void aBadSettingFailsTheStartInOneLineNamingTheKey() {
        try (TestServerContext context = TestServerContext.builder(directory).config(Map.of("projects", "desktop")).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SessionProvider().create(context));
            assertTrue(e.getMessage().startsWith("session.projects"), e.getMessage());
        }
        try (TestServerContext context = TestServerContext.builder(directory).config(Map.of("poll-interval", "soon")).build()) {
            assertThrows(IllegalArgumentException.class, () -> new SessionProvider().create(context));
        }
    }
}
