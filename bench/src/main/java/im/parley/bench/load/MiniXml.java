package im.parley.bench.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one complete element (a stanza cut out by {@link StanzaFramer}) into an {@link XmlElement} tree. It
 * understands what RFC 6120 §11 lets a server send: elements, attributes in either quote, character and predefined
 * entity references, CDATA and comments; no DTD (forbidden in XMPP streams).
 */
public final class MiniXml {
    private MiniXml() {
    }

    /** Builder of one element while its children are read. */
    private static final class Open {
        final String name;
        final Map<String, String> attributes;
        final List<XmlElement> children = new ArrayList<>(2);
        final StringBuilder text = new StringBuilder();

        Open(String name, Map<String, String> attributes) {
            this.name = name;
            this.attributes = attributes;
        }

        XmlElement close() {
            return new XmlElement(name, attributes, List.copyOf(children), text.toString());
        }
    }

    public static XmlElement parse(String xml) {
        Deque<Open> stack = new ArrayDeque<>();
        int i = 0;
        int n = xml.length();
        while (i < n) {
            char c = xml.charAt(i);
            if (c != '<') {
                int end = xml.indexOf('<', i);
                if (end < 0) {
                    end = n;
                }
                if (!stack.isEmpty()) {
                    stack.peek().text.append(decode(xml, i, end));
                }
                i = end;
            } else if (xml.startsWith("<!--", i)) {
                i = required(xml, xml.indexOf("-->", i), "comment") + 3;
            } else if (xml.startsWith("<![CDATA[", i)) {
                int end = required(xml, xml.indexOf("]]>", i), "CDATA");
                if (!stack.isEmpty()) {
                    stack.peek().text.append(xml, i + 9, end);
                }
                i = end + 3;
            } else if (xml.startsWith("<?", i)) {
                i = required(xml, xml.indexOf("?>", i), "processing instruction") + 2;
            } else if (xml.startsWith("</", i)) {
                int end = required(xml, xml.indexOf('>', i), "end tag");
                Open done = stack.pop();
                XmlElement element = done.close();
                if (stack.isEmpty()) {
                    return element;
                }
                stack.peek().children.add(element);
                i = end + 1;
            } else {
                i = startTag(xml, i, stack);
                if (i < 0) {
                    // a self-closing root
                    return stack.pop().close();
                }
            }
        }
        throw new IllegalArgumentException("incomplete element: " + abbreviate(xml));
    }

    /** Reads {@code <name a='v' ...>} or {@code <name .../>} at {@code start}; returns the next index, or -1 when a self-closing root ended. */
    private static int startTag(String xml, int start, Deque<Open> stack) {
        int i = start + 1;
        int n = xml.length();
        int nameStart = i;
        while (i < n && !isSpace(xml.charAt(i)) && xml.charAt(i) != '>' && xml.charAt(i) != '/') {
            i++;
        }
        String name = xml.substring(nameStart, i);
        Map<String, String> attributes = new HashMap<>(4);
        while (true) {
            while (i < n && isSpace(xml.charAt(i))) {
                i++;
            }
            if (i >= n) {
                throw new IllegalArgumentException("unterminated start tag: " + abbreviate(xml));
            }
            char c = xml.charAt(i);
            if (c == '>') {
                stack.push(new Open(name, attributes));
                return i + 1;
            }
            if (c == '/') {
                Open self = new Open(name, attributes);
                if (stack.isEmpty()) {
                    stack.push(self);
                    return -1;
                }
                stack.peek().children.add(self.close());
                return required(xml, xml.indexOf('>', i), "empty-element tag") + 1;
            }
            int eq = required(xml, xml.indexOf('=', i), "attribute");
            String attributeName = xml.substring(i, eq).trim();
            int q = eq + 1;
            while (isSpace(xml.charAt(q))) {
                q++;
            }
            char quote = xml.charAt(q);
            int valueEnd = required(xml, xml.indexOf(quote, q + 1), "attribute value");
            attributes.put(attributeName, decode(xml, q + 1, valueEnd));
            i = valueEnd + 1;
        }
    }

    private static int required(String xml, int index, String what) {
        if (index < 0) {
            throw new IllegalArgumentException("unterminated " + what + ": " + abbreviate(xml));
        }
        return index;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Decodes the five predefined entities and character references (XML 1.0 §4.1, §4.6). */
    static String decode(String s, int from, int to) {
        int amp = s.indexOf('&', from);
        if (amp < 0 || amp >= to) {
            return s.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int semi = s.indexOf(';', i);
            if (semi < 0 || semi >= to) {
                throw new IllegalArgumentException("unterminated entity reference: " + abbreviate(s));
            }
            String ref = s.substring(i + 1, semi);
            switch (ref) {
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "amp" -> out.append('&');
                case "quot" -> out.append('"');
                case "apos" -> out.append('\'');
                default -> {
                    if (!ref.startsWith("#")) {
                        throw new IllegalArgumentException("undefined entity &" + ref + "; (RFC 6120 §11.1 forbids them)");
                    }
                    int code = ref.startsWith("#x") ? Integer.parseInt(ref.substring(2), 16) : Integer.parseInt(ref.substring(1));
                    out.appendCodePoint(code);
                }
            }
            i = semi + 1;
        }
        return out.toString();
    }

    /** Escapes text for content or single-quoted attribute values. */
    public static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '\'' -> "&apos;";
                case '"' -> "&quot;";
                default -> null;
            };
            if (rep != null && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (rep != null) {
                    out.append(rep);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
