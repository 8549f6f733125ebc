package dev.pgwb.protocol.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link PgServer} parameter. The server is started on first use and shared by every
 * test class in the run (kept in the root context store, closed when the run ends). A parameter
 * marked {@link OlderPostgres} gets the older server, started and shared the same way.
 *
 * <pre>{@code
 * @ExtendWith(PostgresExtension.class)
 * class MyTest {
 *     @Test void works(PgServer pg) { ... }
 * }
 * }</pre>
 */
public final class PostgresExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PgServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.isAnnotated(OlderPostgres.class) ? olderServer(extensionContext) : server(extensionContext);
    }

    /** The shared older server (PostgreSQL 15), started if needed. */
    public static PgServer olderServer(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(PostgresExtension.class));
        return store.getOrComputeIfAbsent("older", k -> new Holder(PgServer.startOlder()), Holder.class).server;
    }

    /** The shared server, started if needed. */
    public static PgServer server(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(PostgresExtension.class));
        return store.getOrComputeIfAbsent("server", k -> new Holder(PgServer.start()), Holder.class).server;
    }

    private record Holder(PgServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
