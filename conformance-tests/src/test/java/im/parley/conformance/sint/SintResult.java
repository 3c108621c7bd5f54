package im.parley.conformance.sint;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** One line of SintLauncher's output: {@code SINT<TAB>PASSED|FAILED|IMPOSSIBLE<TAB>test<TAB>reason}. */
record SintResult(Kind kind, String test, String reason, Optional<String> explanation) {
    enum Kind { PASSED, FAILED, IMPOSSIBLE }

    static Optional<SintResult> parse(String line, SintExplanations explanations) {
        String[] fields = line.split("\t", 4);
        if (fields.length < 3 || !fields[0].equals("SINT")) {
            return Optional.empty();
        }
        Kind kind;
        try {
            kind = Kind.valueOf(fields[1]);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a result line (SINT's own output may start with anything)
        }
        String test = fields[2];
        String reason = fields.length > 3 ? fields[3] : "";
        return Optional.of(new SintResult(kind, test, reason,
                kind == Kind.FAILED ? explanations.explain(test) : Optional.empty()));
    }

    /** Passes, skips (not possible, or an explained failure) or fails the dynamic test standing for this result. */
    void assertOutcome() {
        switch (kind) {
            case PASSED -> { }
            case IMPOSSIBLE -> Assumptions.abort("SINT: not possible against this target: " + reason);
            case FAILED -> {
                if (explanation.isPresent()) {
                    Assumptions.abort("SINT failure explained: " + explanation.get() + " (SINT said: "
                            + shorten(reason) + ")");
                }
                throw new AssertionError("SINT: " + shorten(reason));
            }
        }
    }

    private static String shorten(String reason) {
        return reason.length() > 400 ? reason.substring(0, 400) + "…" : reason;
    }
}
