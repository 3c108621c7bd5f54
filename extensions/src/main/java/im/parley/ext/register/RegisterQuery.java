package im.parley.ext.register;

import java.util.Optional;
import org.dom4j.Element;
import org.dom4j.QName;

/** The parts of a {@code <query xmlns='jabber:iq:register'/>} Parley acts on (XEP-0077 §3, no data forms). */
record RegisterQuery(Optional<String> username, Optional<String> password, boolean remove, int childCount) {
    static RegisterQuery of(Element query) {
        return new RegisterQuery(
                text(query, "username"),
                text(query, "password"),
                query.element(QName.get("remove", RegisterModule.NAMESPACE)) != null,
                query.elements().size());
    }

    /** Empty when the element is absent or has no character data (XEP-0077 §3.1 counts both as not provided). */
    private static Optional<String> text(Element query, String name) {
        Element field = query.element(QName.get(name, RegisterModule.NAMESPACE));
        // Not trimmed: spaces are legitimate in a password, and nodeprep rejects them in a username.
        return field == null || field.getText().isEmpty() ? Optional.empty() : Optional.of(field.getText());
    }
}
