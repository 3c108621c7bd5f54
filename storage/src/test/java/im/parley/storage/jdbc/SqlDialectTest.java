package im.parley.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlDialectTest {
    @Test
    void h2GetsDurableCommitsAndSmallPagesByDefault() {
        assertThat(SqlDialect.H2.tuneUrl("jdbc:h2:file:./data/parley"))
                .isEqualTo("jdbc:h2:file:./data/parley;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;PAGE_SIZE=4096");
    }

    @Test
    void anOperatorsOwnH2SettingIsKept() {
        assertThat(SqlDialect.H2.tuneUrl("jdbc:h2:file:./data/parley;page_size=16384"))
                .contains(";page_size=16384").doesNotContain("PAGE_SIZE=4096").contains(";WRITE_DELAY=0");
    }
}
