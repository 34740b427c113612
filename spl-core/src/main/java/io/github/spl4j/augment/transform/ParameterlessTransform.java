package io.github.spl4j.augment.transform;

/**
 * Base of the transforms without parameters: all instances of one class are equal, and print as
 * {@code ClassName()}.
 */
public abstract class ParameterlessTransform extends ByteImageTransform {
    private static final long serialVersionUID = 1L;

    /** Creates the transform. */
    protected ParameterlessTransform() {
        super();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().getName().hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
