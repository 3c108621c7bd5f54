package im.parley.dist;

import java.util.Collection;
import java.util.Comparator;

/** "(did you mean port?)" for a mistyped key, or the list of keys allowed there when nothing is close. */
final class KeySuggestion {
    private KeySuggestion() {
    }

    static String hint(String typed, Collection<String> known) {
        return known.stream()
                .filter(k -> distance(typed, k) <= Math.min(2, Math.max(1, k.length() / 3)))
                .min(Comparator.comparingInt(k -> distance(typed, k)))
                .map(k -> "(did you mean " + k + "?)")
                .orElseGet(() -> "(known keys here: " + String.join(", ", known) + ")");
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("prot" is 1 away from "port"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
