package im.parley.dist;

/**
 * The configuration file cannot be used. The message is the one line the operator reads, naming the file, the
 * line and the key: {@code conf/parley.yml line 7: listeners.c2s.prot: unknown key (did you mean port?)}.
 */
public final class ConfigFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;

    ConfigFileException(String source, int line, String problem, Throwable cause) {
        super((line > 0 ? source + " line " + line : source) + ": " + problem, cause);
        this.line = line;
    }

    ConfigFileException(String source, int line, String problem) {
        this(source, line, problem, null);
    }

    /** The 1-based line the problem is on; 0 when it concerns the whole file (e.g. it cannot be read). */
    public int line() {
        return line;
    }
}
