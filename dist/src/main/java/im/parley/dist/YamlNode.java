package im.parley.dist;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML document as a tree that remembers the line of every key and value, so a configuration error can point
 * at the line the operator has to fix. Jackson's own trees drop locations, hence this small model.
 */
sealed interface YamlNode {
    /** 1-based line in the file. */
    int line();

    /** What the node is, in words, for "expected …, got a list" messages. */
    String describe();

    /** A scalar, as written; {@code isNull} for {@code ~}, {@code null} or an empty value. */
    record Scalar(String text, boolean isNull, int line) implements YamlNode {
        @Override
        public String describe() {
            return isNull ? "an empty value" : "'" + text + "'";
        }
    }

    /** A mapping, in file order. */
    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
        }

        Optional<Entry> entry(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public String describe() {
            return "a mapping (nested keys)";
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** One key of a mapping with the line the key is written on. */
    record Entry(String key, int keyLine, YamlNode value) {}
}
