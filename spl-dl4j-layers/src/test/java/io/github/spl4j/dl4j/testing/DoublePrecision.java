package io.github.spl4j.dl4j.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a test class with ND4J's default data types set to DOUBLE and restores the previous default afterwards.
 * Gradient checks need double precision; other test classes in the same JVM expect the float default.
 * Use with {@code @ExtendWith(DoublePrecision.class)}.
 */
public final class DoublePrecision implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DoublePrecision.class);
    private static final String PREVIOUS = "previousDefault";

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(PREVIOUS, Nd4j.dataType());
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        DataType previous = context.getStore(NAMESPACE).remove(PREVIOUS, DataType.class);
        if (previous != null) {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }
}
