package im.parley.conformance.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The normative statement a conformance test checks: the document ({@code "RFC 6120"}), the section
 * ({@code "4.9.3.6"}) and the sentence quoted from it. The report names it beside a failure.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Spec {
    String document();

    String section();

    String quote();
}
