package im.parley.storage;

/** Which page of a result set to return (XEP-0059: Result Set Management). */
public sealed interface PageRequest {
    /** The most items to return; 0 asks for the count only (XEP-0059 §2.7). */
    int max();

    static PageRequest first(int max) { return new First(max); }

    /** The page right after the item with this id (XEP-0059 §2.2, {@code <after/>}). */
    static PageRequest after(String id, int max) { return new After(id, max); }

    /** The page right before the item with this id (XEP-0059 §2.3, {@code <before>id</before>}). */
    static PageRequest before(String id, int max) { return new Before(id, max); }

    /** The last page (XEP-0059 §2.5, an empty {@code <before/>}). */
    static PageRequest last(int max) { return new Last(max); }

    record First(int max) implements PageRequest {
        public First { requireValid(max); }
    }

    record After(String id, int max) implements PageRequest {
        public After { requireValid(max); }
    }

    record Before(String id, int max) implements PageRequest {
        public Before { requireValid(max); }
    }

    record Last(int max) implements PageRequest {
        public Last { requireValid(max); }
    }

    private static void requireValid(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, got " + max);
        }
    }
}
