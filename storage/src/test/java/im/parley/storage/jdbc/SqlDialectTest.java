package im.parley.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import im.parley.storage.StorageConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlDialectTest {
    @Test
    void h2GetsDurableCommitsByDefault() {
        assertThat(SqlDialect.H2.tuneUrl("jdbc:h2:file:./data/parley")).isEqualTo(
                "jdbc:h2:file:./data/parley;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;CACHE_SIZE=2048");
    }

    @Test
    void anOperatorsOwnH2SettingIsKept() {
        assertThat(SqlDialect.H2.tuneUrl("jdbc:h2:file:./data/parley;lock_timeout=500;CACHE_SIZE=65536"))
                .contains(";lock_timeout=500").doesNotContain("LOCK_TIMEOUT=10000").contains(";WRITE_DELAY=0")
                .doesNotContain("CACHE_SIZE=2048");
    }

    /** ADR 017: the pool's H2 database really runs with the small page cache, not H2's 16 MB. */
    @Test
    void h2OpensWithASmallPageCache(@TempDir Path directory) throws SQLException {
        StorageConfig config = StorageConfig.h2(directory);
        try (HikariDataSource pool = new HikariDataSource(JdbcStorage.poolConfig(config, SqlDialect.H2));
             Connection c = pool.getConnection();
             ResultSet rows = c.createStatement().executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).as("MB").isEqualTo("2");
        }
    }
}
