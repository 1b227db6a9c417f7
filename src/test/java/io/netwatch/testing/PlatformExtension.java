package io.netwatch.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Fills the {@link Platform} fields: static ones before all tests of the class, instance ones before each
 * test. Each platform is kept in the JUnit store of that scope, which closes it when the scope ends
 * (after the {@code @AfterAll} or {@code @AfterEach} methods).
 */
final class PlatformExtension implements BeforeAllCallback, BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PlatformExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    inject(context, context.getRequiredTestClass(), null);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      inject(context, instance.getClass(), instance);
    }
  }

  /** The static fields when instance is null, else that instance's own fields. */
  private static void inject(ExtensionContext context, Class<?> testClass, Object instance) {
    for (Field field : AnnotationSupport.findAnnotatedFields(testClass, Platform.class)) {
      if (Modifier.isStatic(field.getModifiers()) != (instance == null)) continue;
      if (field.getType() != PlatformUnderTest.class) {
        throw new ExtensionConfigurationException("@Platform goes on a PlatformUnderTest field, not " + field);
      }
      PlatformUnderTest platform = PlatformUnderTest.create();
      context.getStore(NAMESPACE).put(field, (ExtensionContext.Store.CloseableResource) platform::close);
      if (field.getAnnotation(Platform.class).deployed()) platform.deploy();
      try {
        field.setAccessible(true);
        field.set(instance, platform);
      } catch (IllegalAccessException e) {
        throw new ExtensionConfigurationException("cannot set " + field, e);
      }
    }
  }
}
