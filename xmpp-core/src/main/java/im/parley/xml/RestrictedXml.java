package im.parley.xml;

import java.util.Optional;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * RFC 6120 §11.1: the parser events that are restricted XML, refused (never expanded or skipped) both on a stream and
 * when stored text is read back: DTDs, comments, processing instructions and entity references other than the
 * predefined ones (which the parser expands itself).
 */
final class RestrictedXml {
    private RestrictedXml() {}

    /** What the event is, if it is restricted; empty for every other event. */
    static Optional<String> describe(int event, XMLStreamReader reader) {
        return switch (event) {
            case XMLStreamConstants.ENTITY_REFERENCE -> Optional.of("entity reference &" + reader.getLocalName() + ";");
            case XMLStreamConstants.DTD -> Optional.of("DOCTYPE");
            case XMLStreamConstants.COMMENT -> Optional.of("comment");
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> Optional.of("processing instruction");
            default -> Optional.empty();
        };
    }
}
