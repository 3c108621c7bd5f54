package im.parley.bench.load;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element of a stanza as the server wrote it: the qualified name as written ({@code stream:features}), its
 * attributes (entities decoded), children and concatenated text. Namespaces are not resolved: the generator only
 * looks at local names and, where two specs share one, at {@code xmlns}.
 */
public record XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, String text) {

    public String localName() {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(colon + 1);
    }

    public Optional<String> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName));
    }

    public String attributeOr(String attributeName, String fallback) {
        return attributes.getOrDefault(attributeName, fallback);
    }

    public Optional<XmlElement> child(String childLocalName) {
        for (XmlElement c : children) {
            if (c.localName().equals(childLocalName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public Optional<XmlElement> child(String childLocalName, String namespace) {
        for (XmlElement c : children) {
            if (c.localName().equals(childLocalName) && namespace.equals(c.attributes.get("xmlns"))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public boolean has(String childLocalName) {
        return child(childLocalName).isPresent();
    }
}
