package im.parley.dist;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one YAML document into a {@link YamlNode} tree with line numbers, through Jackson's streaming parser. */
final class YamlReader {
    private final YAMLFactory factory = new YAMLFactory();

    /** The document's root mapping; an empty document is an empty mapping (every option at its default). */
    YamlNode.Mapping read(String text, String source) {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Mapping(Map.of(), 1);
            }
            YamlNode root = node(parser, source, "");
            if (root instanceof YamlNode.Mapping mapping) {
                return mapping;
            }
            if (root instanceof YamlNode.Scalar scalar && scalar.isNull()) {
                return new YamlNode.Mapping(Map.of(), 1);
            }
            throw new ConfigFileException(source, root.line(),
                    "expected keys such as 'domain: example.org' at the top level, got " + root.describe());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ConfigFileException(source, at == null ? 0 : at.getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigFileException(source, 0, "cannot be read: " + e, e);
        }
    }

    private YamlNode node(JsonParser parser, String source, String path) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> mapping(parser, source, line, path);
            case START_ARRAY -> sequence(parser, source, line, path);
            case VALUE_NULL -> new YamlNode.Scalar("", true, line);
            default -> new YamlNode.Scalar(parser.getText(), false, line);
        };
    }

    private YamlNode.Mapping mapping(JsonParser parser, String source, int line, String path) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = parser.currentTokenLocation().getLineNr();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            parser.nextToken();
            YamlNode value = node(parser, source, keyPath);
            YamlNode.Entry previous = entries.putIfAbsent(key, new YamlNode.Entry(key, keyLine, value));
            if (previous != null) {
                throw new ConfigFileException(source, keyLine,
                        keyPath + ": written twice (first on line " + previous.keyLine() + ")");
            }
        }
        return new YamlNode.Mapping(entries, line);
    }

    private YamlNode.Sequence sequence(JsonParser parser, String source, int line, String path) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(parser, source, path + "[" + items.size() + "]"));
        }
        return new YamlNode.Sequence(items, line);
    }
}
