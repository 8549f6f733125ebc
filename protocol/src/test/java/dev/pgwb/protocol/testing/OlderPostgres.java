package dev.pgwb.protocol.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link PgServer} parameter that must be a real server older than PostgreSQL 18 (15.x,
 * zonky's binaries from Maven Central, copied by the build to {@code target/older-postgres}):
 * for what a scenario written for 18 does on the servers most people still run.
 *
 * <pre>{@code
 * @Test void saysNotApplicable(@OlderPostgres PgServer pg15) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface OlderPostgres {
}
