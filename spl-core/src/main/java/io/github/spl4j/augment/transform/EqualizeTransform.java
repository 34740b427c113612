package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.augment.RandAugmentOp;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/** DataVec transform: PIL histogram equalisation per channel (see {@link RandAugmentOp#EQUALIZE}); uses no randomness. */
public class EqualizeTransform extends ParameterlessTransform {
    private static final long serialVersionUID = 1L;

    /** Creates the transform (it has no parameters). */
    @JsonCreator
    public EqualizeTransform() {
        super();
    }

    @Override
    public ByteImage apply(ByteImage image, Random random) {
        return RandAugmentOp.EQUALIZE.apply(image, 0, false, null);
    }
}
