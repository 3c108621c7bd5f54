package im.parley.conformance.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against one server: an in-process Parley started on free ports with H2 in a temporary
 * directory, or the external server named by the {@code parley.target.*} system properties. Test constructors and
 * methods may take {@link Accounts} and {@link im.parley.conformance.support.Target} parameters.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@ExtendWith(ParleyServerExtension.class)
public @interface ParleyServer {
    /** How this class's in-process server differs from the suite's defaults. */
    Class<? extends ServerCustomizer> config() default ServerCustomizer.None.class;
}
