package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.augment.RandAugmentOp;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/** DataVec transform: returns the image unchanged (see {@link RandAugmentOp#IDENTITY}); uses no randomness. */
public class IdentityTransform extends ByteImageTransform {
    private static final long serialVersionUID = 1L;

    /** Creates the transform (it has no parameters). */
    @JsonCreator
    public IdentityTransform() {
        super();
    }

    @Override
    public ByteImage apply(ByteImage image, Random random) {
        return RandAugmentOp.IDENTITY.apply(image, 0, false, null);
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
        return "IdentityTransform()";
    }
}
