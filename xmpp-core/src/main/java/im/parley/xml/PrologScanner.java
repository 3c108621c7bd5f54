package im.parley.xml;

import io.netty.buffer.ByteBuf;

/**
 * Watches the bytes before the root element for {@code <!}. Aalto's async parser fails on a DOCTYPE internal subset
 * with a generic syntax error; in a prolog {@code <!} can only open a DOCTYPE or a comment, both restricted by
 * RFC 6120 §11.1, so seeing it here lets the decoder answer restricted-xml before the parser reads any of it.
 */
final class PrologScanner {
    private static final int TEXT = 0;
    private static final int AFTER_LT = 1;
    private static final int IN_PI = 2;
    private static final int IN_PI_AFTER_QUESTION = 3;
    private static final int DONE = 4;

    private int state = TEXT;

    /** True once the root element's {@code <name} was seen: no need to scan further. */
    boolean done() {
        return state == DONE;
    }

    /** Scans bytes [from, to) of {@code buf}; true if restricted markup was found. */
    boolean findsRestrictedMarkup(ByteBuf buf, int from, int to) {
        for (int i = from; i < to && state != DONE; i++) {
            byte b = buf.getByte(i);
            switch (state) {
                case TEXT -> {
                    if (b == '<') {
                        state = AFTER_LT;
                    }
                }
                case AFTER_LT -> {
                    if (b == '!') {
                        return true;
                    }
                    state = b == '?' ? IN_PI : DONE;
                }
                case IN_PI -> {
                    if (b == '?') {
                        state = IN_PI_AFTER_QUESTION;
                    }
                }
                case IN_PI_AFTER_QUESTION -> {
                    if (b == '>') {
                        state = TEXT;
                    } else if (b != '?') {
                        state = IN_PI;
                    }
                }
                default -> throw new IllegalStateException("prolog scanner state " + state);
            }
        }
        return false;
    }
}
