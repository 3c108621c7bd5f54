package im.parley.binary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;

/**
 * The static dictionary of the binary encoding (docs/binary-encoding.md, "Static dictionary v1"): QNames with their default
 * kind, 46 attribute names, 48 values and up to 64 namespaces, read from a text file in the repository. Both ends must
 * hold byte-identical files, which is why the stream feature advertises the file's SHA-256. Immutable and shared by
 * every connection; the format is described at the top of {@code dictionary-v1.txt}.
 */
public final class BinaryDictionary {
    static final String V1_RESOURCE = "/im/parley/binary/dictionary-v1.txt";

    private final int version;
    private final String sha256;
    private final List<StaticQName> qnames;
    private final Map<String, Map<String, StaticQName>> qnamesByNamespace;
    private final List<StaticAttribute> attributes;
    private final Map<String, Map<String, StaticAttribute>> attributesByNamespace;
    private final List<String> values;
    private final Map<String, Integer> valueIndexes;
    private final List<String> namespaces;
    private final Map<String, Integer> namespaceNumbers;

    private BinaryDictionary(int version, String sha256, List<StaticQName> qnames, List<StaticAttribute> attributes,
            List<String> values, List<String> namespaces) {
        this.version = version;
        this.sha256 = sha256;
        this.qnames = List.copyOf(qnames);
        this.attributes = List.copyOf(attributes);
        this.values = List.copyOf(values);
        this.namespaces = List.copyOf(namespaces);
        this.qnamesByNamespace = new HashMap<>();
        for (StaticQName qname : qnames) {
            qnamesByNamespace.computeIfAbsent(qname.namespace(), ns -> new HashMap<>()).put(qname.localName(), qname);
        }
        this.attributesByNamespace = new HashMap<>();
        for (StaticAttribute attribute : attributes) {
            attributesByNamespace.computeIfAbsent(attribute.namespace(), ns -> new HashMap<>())
                    .put(attribute.localName(), attribute);
        }
        this.valueIndexes = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            valueIndexes.put(values.get(i), i);
        }
        this.namespaceNumbers = new HashMap<>();
        for (int i = 0; i < namespaces.size(); i++) {
            namespaceNumbers.put(namespaces.get(i), i + 1);
        }
    }

    /** Version 1, loaded once from the class path. */
    public static BinaryDictionary v1() {
        return V1.INSTANCE;
    }

    /** Lazy holder: the file is read on first use, once (JLS §12.4.2 makes it thread-safe). */
    private static final class V1 {
        static final BinaryDictionary INSTANCE = load();

        private static BinaryDictionary load() {
            try (InputStream in = BinaryDictionary.class.getResourceAsStream(V1_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing class-path resource " + V1_RESOURCE);
                }
                BinaryDictionary dictionary = parse(in.readAllBytes());
                if (dictionary.version() != 1) {
                    throw new IllegalStateException(V1_RESOURCE + ": expected version 1, got " + dictionary.version());
                }
                return dictionary;
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + V1_RESOURCE, e);
            }
        }
    }

    public int version() {
        return version;
    }

    /** Lower-case hex SHA-256 of the dictionary file's bytes, as advertised in the stream feature. */
    public String sha256() {
        return sha256;
    }

    /** The entry for token {@code token} (1-based); null when there is none. */
    StaticQName qname(long token) {
        return token >= 1 && token <= qnames.size() ? qnames.get((int) token - 1) : null;
    }

    /** The entry for this name; null when it is not in the dictionary. */
    StaticQName qname(String namespace, String localName) {
        Map<String, StaticQName> names = qnamesByNamespace.get(namespace);
        return names == null ? null : names.get(localName);
    }

    int qnameCount() {
        return qnames.size();
    }

    StaticAttribute attribute(int index) {
        return index >= 0 && index < attributes.size() ? attributes.get(index) : null;
    }

    /** The entry for this attribute name; null when it is not in the dictionary. */
    StaticAttribute attribute(String namespace, String localName) {
        Map<String, StaticAttribute> names = attributesByNamespace.get(namespace);
        return names == null ? null : names.get(localName);
    }

    int attributeCount() {
        return attributes.size();
    }

    String value(int index) {
        return index >= 0 && index < values.size() ? values.get(index) : null;
    }

    /** The index of this value token; -1 when it is not in the dictionary. */
    int valueIndex(String value) {
        Integer index = valueIndexes.get(value);
        return index == null ? -1 : index;
    }

    int valueCount() {
        return values.size();
    }

    /** Namespace number {@code number} (1-based, as on the wire); null when there is none. */
    String namespace(long number) {
        return number >= 1 && number <= namespaces.size() ? namespaces.get((int) number - 1) : null;
    }

    /** The wire number (1-based) of this namespace; 0 when it is not in the table. */
    int namespaceNumber(String uri) {
        Integer number = namespaceNumbers.get(uri);
        return number == null ? 0 : number;
    }

    int namespaceCount() {
        return namespaces.size();
    }

    /** Reads a dictionary file strictly; any deviation from the format is an {@link IllegalArgumentException}. */
    static BinaryDictionary parse(byte[] bytes) {
        return new Parser(decode(bytes)).parse(sha256Hex(bytes));
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("dictionary: not UTF-8", e);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The file format, section by section; see the comment at the top of dictionary-v1.txt. */
    private static final class Parser {
        private static final String XML_LANG = "xml:lang";

        private final String[] lines;
        private int lineNumber;
        private int version = -1;
        private final List<StaticQName> qnames = new ArrayList<>();
        private final List<StaticAttribute> attributes = new ArrayList<>();
        private final List<String> values = new ArrayList<>();
        private final List<String> namespaces = new ArrayList<>();
        private final List<String> sectionsSeen = new ArrayList<>();

        Parser(String text) {
            if (text.indexOf('\r') >= 0) {
                // The SHA-256 is over the bytes: a checkout that rewrote line ends would advertise a different table.
                throw new IllegalArgumentException("dictionary: carriage return found; line ends must be LF only");
            }
            this.lines = text.split("\n", -1);
        }

        BinaryDictionary parse(String sha256) {
            String section = null;
            for (lineNumber = 1; lineNumber <= lines.length; lineNumber++) {
                String line = lines[lineNumber - 1];
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (!line.equals(line.strip())) {
                    throw error("leading or trailing white space");
                }
                if (version < 0) {
                    version = parseVersion(line);
                } else if (line.startsWith("[") && line.endsWith("]")) {
                    section = line.substring(1, line.length() - 1);
                    if (!List.of("qnames", "attributes", "values", "namespaces").contains(section)) {
                        throw error("unknown section [" + section + "]");
                    }
                    if (sectionsSeen.contains(section)) {
                        throw error("section [" + section + "] appears twice");
                    }
                    sectionsSeen.add(section);
                } else if (section == null) {
                    throw error("entry before the first section");
                } else {
                    switch (section) {
                        case "qnames" -> qname(line);
                        case "attributes" -> attribute(line);
                        case "values" -> value(line);
                        default -> namespace(line);
                    }
                }
            }
            if (version < 0) {
                throw new IllegalArgumentException("dictionary: no 'version' line");
            }
            checkCount("qnames", qnames.size(), 1, Integer.MAX_VALUE);
            checkCount("attributes", attributes.size(), Opcodes.ATTRIBUTE_TOKENS, Opcodes.ATTRIBUTE_TOKENS);
            checkCount("values", values.size(), Opcodes.VALUE_TOKENS, Opcodes.VALUE_TOKENS);
            checkCount("namespaces", namespaces.size(), 1, Opcodes.MAX_STATIC_NAMESPACES);
            return new BinaryDictionary(version, sha256, qnames, attributes, values, namespaces);
        }

        private int parseVersion(String line) {
            String[] parts = line.split(" ");
            if (parts.length != 2 || !parts[0].equals("version") || !parts[1].matches("[1-9][0-9]{0,8}")) {
                throw error("expected 'version N' first, got '" + line + "'");
            }
            return Integer.parseInt(parts[1]);
        }

        private void qname(String line) {
            String[] parts = line.split(" ");
            if (parts.length != 3) {
                throw error("expected 'namespace local-name kind'");
            }
            String namespace = parts[0];
            String localName = parts[1];
            ContentKind kind = ContentKind.ofLetter(parts[2]);
            if (!XmlChars.isNcName(localName)) {
                throw error("'" + localName + "' is not an NCName");
            }
            if (kind == null) {
                throw error("kind must be E, T, C or M, got '" + parts[2] + "'");
            }
            for (StaticQName existing : qnames) {
                if (existing.namespace().equals(namespace) && existing.localName().equals(localName)) {
                    throw error("duplicate QName {" + namespace + "}" + localName);
                }
            }
            qnames.add(new StaticQName(qnames.size() + 1, namespace, localName, kind));
        }

        private void attribute(String line) {
            String namespace = "";
            String localName = line;
            if (line.equals(XML_LANG)) {
                namespace = XMLConstants.XML_NS_URI;
                localName = "lang";
            } else if (!XmlChars.isNcName(line)) {
                throw error("'" + line + "' is neither an NCName nor xml:lang");
            }
            for (StaticAttribute existing : attributes) {
                if (existing.namespace().equals(namespace) && existing.localName().equals(localName)) {
                    throw error("duplicate attribute " + line);
                }
            }
            attributes.add(new StaticAttribute(attributes.size(), namespace, localName));
        }

        private void value(String line) {
            if (!XmlChars.sanitise(line).equals(line)) {
                throw error("a value holds a character XML 1.0 does not allow");
            }
            if (values.contains(line)) {
                throw error("duplicate value '" + line + "'");
            }
            values.add(line);
        }

        private void namespace(String line) {
            if (line.indexOf(' ') >= 0) {
                throw error("a namespace has no spaces");
            }
            if (namespaces.contains(line)) {
                throw error("duplicate namespace " + line);
            }
            namespaces.add(line);
        }

        private void checkCount(String section, int count, int min, int max) {
            if (!sectionsSeen.contains(section)) {
                throw new IllegalArgumentException("dictionary: missing section [" + section + "]");
            }
            if (count < min || count > max) {
                String expected = min == max ? "exactly " + min : min + ".." + max;
                throw new IllegalArgumentException(
                        "dictionary: [" + section + "] has " + count + " entries, expected " + expected);
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("dictionary line " + lineNumber + ": " + message);
        }
    }
}
