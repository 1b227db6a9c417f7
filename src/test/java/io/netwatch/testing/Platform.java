package io.netwatch.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a test class a {@link PlatformUnderTest} (its own Vert.x, database, stream, clients and random
 * ports), closed after use, like JUnit's {@code @TempDir}: on a static field one for the whole class, on
 * an instance field a fresh one for each test.
 *
 * <pre>
 * &#64;Platform(deployed = true) static PlatformUnderTest platform;  // the whole platform, shared by the tests
 * &#64;Platform PlatformUnderTest platform;                           // nothing deployed: each test deploys
 * </pre>
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PlatformExtension.class)
public @interface Platform {
  /** Deploy the whole platform with {@link PlatformUnderTest#config()} before the tests run. */
  boolean deployed() default false;
}
