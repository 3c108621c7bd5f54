package im.parley.storage.jdbc;

import java.util.Collections;

/** "?, ?, ?" for IN lists built from a known number of parameters (never from values). */
final class Placeholders {
    private Placeholders() {
    }

    static String of(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
