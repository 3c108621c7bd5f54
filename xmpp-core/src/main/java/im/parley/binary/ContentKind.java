package im.parley.binary;

/**
 * What follows an element's header (docs/binary-encoding.md, "Byte grammar"): nothing, one text value, child elements up to
 * END, or children and text nodes up to END. The byte values are the wire's kind byte.
 */
enum ContentKind {
    EMPTY('E'),
    TEXT('T'),
    CHILDREN('C'),
    MIXED('M');

    private static final ContentKind[] BY_BYTE = values();

    private final char letter;

    ContentKind(char letter) {
        this.letter = letter;
    }

    int wireByte() {
        return ordinal();
    }

    /** The kind for a wire byte; null for anything but 0–3. */
    static ContentKind ofWireByte(int b) {
        return b >= 0 && b < BY_BYTE.length ? BY_BYTE[b] : null;
    }

    /** The kind for a dictionary letter (E, T, C, M); null for anything else. */
    static ContentKind ofLetter(String letter) {
        for (ContentKind kind : BY_BYTE) {
            if (letter.length() == 1 && letter.charAt(0) == kind.letter) {
                return kind;
            }
        }
        return null;
    }

    boolean hasChildren() {
        return this == CHILDREN || this == MIXED;
    }
}
