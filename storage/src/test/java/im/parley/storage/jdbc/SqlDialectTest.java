package im.parley.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlDialectTest {
    @Test
    void h2GetsDurableCommitsByDefault() {
        assertThat(SqlDialect.H2.tuneUrl("jdbc:h2:file:./data/parley"))
                .isEqualTo("jdbc:h2:file:./data/parley;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
    }

    @Test
    void anOperatorsOwnH2SettingIsKept() {
        assertThat(SqlDialect.H2.tuneUrl("jdbc:h2:file:./data/parley;lock_timeout=500"))
                .contains(";lock_timeout=500").doesNotContain("LOCK_TIMEOUT=10000").contains(";WRITE_DELAY=0");
    }
}
