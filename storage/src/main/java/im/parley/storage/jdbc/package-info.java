/**
 * JDBC implementation of the storage SPI for H2 (embedded, the default) and PostgreSQL: a HikariCP pool,
 * Flyway migrations applied at start-up, and {@link im.parley.storage.jdbc.SqlDialect} as the one place where
 * the SQL of the two databases differs.
 */
package im.parley.storage.jdbc;
