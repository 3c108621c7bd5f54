package im.parley.ext.mam;

import java.util.Locale;
import java.util.Optional;

/** XEP-0441 §2 / XEP-0313: which messages are archived when the peer is on neither the always nor the never list. */
public enum ArchiveDefault {
    /** Every message. */
    ALWAYS,
    /** Only messages with contacts in the user's roster. */
    ROSTER,
    /** None. */
    NEVER;

    /** The value of the {@code default} attribute of {@code <prefs/>}. */
    public String xmlValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ArchiveDefault> fromXml(String value) {
        for (ArchiveDefault d : values()) {
            if (d.xmlValue().equals(value)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
