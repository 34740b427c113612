package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.augment.RandAugmentOp;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/** DataVec transform: returns the image unchanged (see {@link RandAugmentOp#IDENTITY}); uses no randomness. */
public class IdentityTransform extends ParameterlessTransform {
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
}
