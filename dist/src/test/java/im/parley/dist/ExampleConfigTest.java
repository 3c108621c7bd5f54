package im.parley.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import im.parley.config.ServerConfig;
import im.parley.ext.ModulesConfig;
import im.parley.storage.StorageConfig;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** conf/parley.yml promises "every key at its default": hold it to that. */
class ExampleConfigTest {
    private static final Path EXAMPLE = Path.of("src/main/dist/conf/parley.yml");

    /** Settings are commented as "#key:" or "#  key:"; prose as "# Text". */
    private static String uncommented() throws IOException {
        return Files.readAllLines(EXAMPLE).stream()
                .map(line -> line.matches("^#(?! \\S).*") ? line.substring(1) : line)
                .collect(Collectors.joining("\n"));
    }

    @Test
    void exampleAsShippedIsTheDefault() {
        // Given / When / Then: everything in it is commented out
        assertThat(ConfigLoader.load(EXAMPLE)).isEqualTo(ParleyConfig.defaults());
    }

    @Test
    void everySettingInTheExampleIsAtItsDefault() throws IOException {
        // Given: the example with every setting uncommented
        String yaml = uncommented();
        // When
        ParleyConfig config = ConfigLoader.parse(yaml, EXAMPLE + " (uncommented)");
        // Then
        assertThat(config).isEqualTo(ParleyConfig.defaults());
    }

    @Test
    void exampleDocumentsEveryKey() throws IOException {
        // Given
        JsonNode example = new ObjectMapper(new YAMLFactory()).readTree(uncommented());
        List<String> keys = new ArrayList<>();
        collect(ServerConfig.class, "", keys);
        collect(StorageConfig.class, "/storage", keys);
        collect(ModulesConfig.class, "/modules", keys);
        // When / Then
        assertThat(keys).allSatisfy(key -> assertThat(example.at(key).isMissingNode())
                .as("%s is missing from %s", key, EXAMPLE).isFalse());
    }

    private static void collect(Class<?> type, String prefix, List<String> keys) {
        for (RecordComponent c : type.getRecordComponents()) {
            String key = prefix + "/" + RecordBinder.dashed(c.getName());
            if (c.getType().isRecord()) {
                collect(c.getType(), key, keys);
            } else {
                keys.add(key);
            }
        }
    }
}
