package im.parley.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaltedPasswordFileTest {
    @TempDir
    Path dir;

    @Test
    void aSecondProcessReadsTheKeysTheFirstDerived() {
        // Given: keys as ScramClient makes them (user, salt, iterations, mechanism joined by NUL), with binary values
        Map<String, byte[]> derived = new HashMap<>();
        derived.put("load1\0QSXCR+Q6sek8bf92\0" + 4096 + "\0SCRAM-SHA-256", new byte[] {0, -1, 42, 10, 32});
        derived.put("load2\0c2FsdA==\0" + 10000 + "\0SCRAM-SHA-1", new byte[] {7});
        Path file = dir.resolve("scram.cache");

        // When
        SaltedPasswordFile.save(file, derived);
        Map<String, byte[]> read = new HashMap<>();
        SaltedPasswordFile.load(file, read);

        // Then
        assertThat(read).containsOnlyKeys(derived.keySet());
        derived.forEach((key, value) -> assertThat(read.get(key)).containsExactly(value));
    }

    @Test
    void aMissingFileIsAnEmptyCache() {
        Map<String, byte[]> read = new HashMap<>();
        SaltedPasswordFile.load(dir.resolve("none"), read);
        assertThat(read).isEmpty();
    }
}
