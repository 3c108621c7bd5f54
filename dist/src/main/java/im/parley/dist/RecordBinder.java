package im.parley.dist;

import im.parley.config.ConfigException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lays a YAML mapping over a record's defaults: a key in the file replaces that component, a key absent keeps the
 * default, a nested mapping merges into the nested record the same way. Keys are the components' names,
 * lowercase and dash-separated ({@code c2sDirectTls} → {@code c2s-direct-tls}). Every problem becomes one
 * {@link ConfigFileException} naming the line and the key; the records' own validation ({@link ConfigException},
 * whose message starts with the key) is located the same way.
 */
final class RecordBinder {
    private final String source;
    private final Map<String, Integer> lineOfKey = new HashMap<>();

    RecordBinder(String source, YamlNode.Mapping root) {
        this.source = source;
        indexLines("", root);
    }

    /** Binds {@code node} (the value of {@code key}) as a {@code type}, starting from {@code defaults}. */
    <T> T value(Class<T> type, T defaults, YamlNode node, String key) {
        return type.cast(convert(type, defaults, node, key));
    }

    /** Binds a mapping to a record; {@code alsoAllowed} are sibling keys that another record of the file binds. */
    <R extends Record> R bind(Class<R> type, R defaults, YamlNode.Mapping node, String path, Set<String> alsoAllowed) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byKey = new java.util.LinkedHashMap<>();
        for (RecordComponent c : components) {
            byKey.put(dashed(c.getName()), c);
        }
        for (YamlNode.Entry entry : node.entries().values()) {
            if (!byKey.containsKey(entry.key()) && !alsoAllowed.contains(entry.key())) {
                Set<String> known = new LinkedHashSet<>(byKey.keySet());
                known.addAll(alsoAllowed);
                throw new ConfigFileException(source, entry.keyLine(),
                        join(path, entry.key()) + ": unknown key " + KeySuggestion.hint(entry.key(), known));
            }
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Object fallback = invokeAccessor(c, defaults);
            Optional<YamlNode.Entry> entry = node.entry(dashed(c.getName()));
            args[i] = entry.isPresent()
                    ? convert(c.getGenericType(), fallback, entry.get().value(), join(path, entry.get().key()))
                    : fallback;
        }
        return construct(type, components, args, node.line());
    }

    /** Turns a record's validation error into one naming the line of the key it names. */
    ConfigFileException located(ConfigException e, int fallbackLine) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        String key = colon > 0 ? message.substring(0, colon) : "";
        while (!key.isEmpty() && !lineOfKey.containsKey(key)) {
            int dot = key.lastIndexOf('.');
            key = dot > 0 ? key.substring(0, dot) : "";
        }
        return new ConfigFileException(source, key.isEmpty() ? fallbackLine : lineOfKey.get(key), message, e);
    }

    private Object convert(Type type, Object fallback, YamlNode node, String key) {
        Class<?> raw = raw(type);
        if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            // An empty value ("key:" or "~") means "the default", so a commented example can be filled in gradually.
            return raw == Optional.class ? Optional.empty() : fallback;
        }
        if (raw == Optional.class) {
            Type inner = typeArgument(type);
            Object innerFallback = fallback instanceof Optional<?> o ? o.orElse(null) : null;
            return Optional.of(convert(inner, innerFallback, node, key));
        }
        if (raw.isRecord()) {
            if (!(node instanceof YamlNode.Mapping mapping)) {
                throw expected(node, key, "nested keys (a mapping)");
            }
            return bindRecord(raw, fallback, mapping, key);
        }
        if (raw == List.class || raw == Set.class) {
            if (!(node instanceof YamlNode.Sequence sequence)) {
                throw expected(node, key, "a list");
            }
            List<Object> items = new ArrayList<>();
            for (YamlNode item : sequence.items()) {
                items.add(convert(typeArgument(type), null, item, key));
            }
            return raw == Set.class ? Set.copyOf(items) : List.copyOf(items);
        }
        if (!(node instanceof YamlNode.Scalar scalar)) {
            throw expected(node, key, ScalarText.describe(raw));
        }
        return ScalarText.parse(raw, scalar.text()).orElseThrow(() -> expected(node, key, ScalarText.describe(raw)));
    }

    @SuppressWarnings("unchecked")
    private <R extends Record> R bindRecord(Class<?> raw, Object fallback, YamlNode.Mapping mapping, String key) {
        Class<R> type = (Class<R>) raw;
        R defaults = fallback != null ? type.cast(fallback) : staticDefaults(type, key);
        return bind(type, defaults, mapping, key, Set.of());
    }

    private static <R> R staticDefaults(Class<R> type, String key) {
        try {
            return type.cast(type.getMethod("defaults").invoke(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(key + ": " + type.getName() + " has no default and no defaults()", e);
        }
    }

    private <R extends Record> R construct(Class<R> type, RecordComponent[] components, Object[] args, int line) {
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ConfigException invalid) {
                throw located(invalid, line);
            }
            throw new IllegalStateException("building " + type.getName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build configuration record " + type.getName(), e);
        }
    }

    private static Object invokeAccessor(RecordComponent c, Object instance) {
        try {
            return c.getAccessor().invoke(instance);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read default of " + c, e);
        }
    }

    private ConfigFileException expected(YamlNode node, String key, String what) {
        return new ConfigFileException(source, node.line(), key + ": expected " + what + ", got " + node.describe());
    }

    private void indexLines(String path, YamlNode.Mapping mapping) {
        for (YamlNode.Entry entry : mapping.entries().values()) {
            String key = join(path, entry.key());
            lineOfKey.put(key, entry.keyLine());
            if (entry.value() instanceof YamlNode.Mapping nested) {
                indexLines(key, nested);
            }
        }
    }

    static String dashed(String camelCase) {
        StringBuilder out = new StringBuilder();
        for (char ch : camelCase.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                out.append('-').append(Character.toLowerCase(ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported configuration type " + type);
    }

    private static Type typeArgument(Type type) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0];
        }
        throw new IllegalStateException("raw generic configuration type " + type);
    }

    /** Scalars by target type. */
    private static final class ScalarText {
        static Optional<Object> parse(Class<?> type, String text) {
            String t = text.strip();
            try {
                if (type == String.class) return Optional.of(text);
                if (type == int.class || type == Integer.class) return Optional.of(Integer.parseInt(t));
                if (type == long.class || type == Long.class) return Optional.of(Long.parseLong(t));
                if (type == double.class || type == Double.class) return Optional.of(Double.parseDouble(t));
                if (type == boolean.class || type == Boolean.class) return bool(t);
                if (type == Duration.class) return DurationSyntax.parse(t).map(d -> (Object) d);
                if (type == Path.class) return Optional.of(Path.of(t));
                if (type.isEnum()) return enumConstant(type, t);
            } catch (NumberFormatException | InvalidPathException e) {
                return Optional.empty();
            }
            throw new IllegalStateException("unsupported configuration type " + type.getName());
        }

        static String describe(Class<?> type) {
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                return "a whole number";
            }
            if (type == double.class || type == Double.class) return "a number";
            if (type == boolean.class || type == Boolean.class) return "true or false";
            if (type == Duration.class) return DurationSyntax.EXAMPLES;
            if (type == Path.class) return "a file path";
            if (type.isEnum()) {
                Set<String> names = new TreeSet<>();
                for (Object c : type.getEnumConstants()) {
                    names.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
                return "one of " + String.join(", ", names);
            }
            return "a text value";
        }

        private static Optional<Object> bool(String t) {
            return switch (t.toLowerCase(Locale.ROOT)) {
                case "true" -> Optional.of(Boolean.TRUE);
                case "false" -> Optional.of(Boolean.FALSE);
                default -> Optional.empty();
            };
        }

        private static Optional<Object> enumConstant(Class<?> type, String t) {
            for (Object c : type.getEnumConstants()) {
                if (((Enum<?>) c).name().equalsIgnoreCase(t.replace('-', '_'))) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }
}
