package io.github.spl4j.augment.transform;

import io.github.spl4j.augment.ByteImage;
import io.github.spl4j.augment.RandAugmentOp;
import java.util.Random;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/** DataVec transform: PIL autocontrast, stretching each channel to 0..255 (see {@link RandAugmentOp#AUTO_CONTRAST}); uses no randomness. */
public class AutoContrastTransform extends ParameterlessTransform {
    private static final long serialVersionUID = 1L;

    /** Creates the transform (it has no parameters). */
    @JsonCreator
    public AutoContrastTransform() {
        super();
    }

    @Override
    public ByteImage apply(ByteImage image, Random random) {
        return RandAugmentOp.AUTO_CONTRAST.apply(image, 0, false, null);
    }
}
