package io.github.spl4j.augment;

import java.io.Serializable;
import java.util.Objects;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * One entry of a {@link RandAugment} operation list: the operation and how a magnitude {@code m ∈ [0, 1]} maps to its
 * parameter, {@code value = low + m·(high − low)}, optionally negated with probability ½ ({@code randomSign}).
 *
 * <p>With {@code integer = true} the value is made whole the way the FixMatch PyTorch code does it: for operations
 * with an integral parameter (ROTATE degrees, POSTERIZE bits, SOLARIZE threshold) {@code value = low + trunc(m·(high −
 * low))}; for TRANSLATE_X/Y the pixel shift is truncated toward zero; other operations ignore the flag.
 *
 * <p>Immutable; JSON-serialisable with ND4J's shaded Jackson.
 */
public final class OpSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    @JsonProperty("op")
    private final RandAugmentOp op;
    @JsonProperty("low")
    private final double low;
    @JsonProperty("high")
    private final double high;
    @JsonProperty("randomSign")
    private final boolean randomSign;
    @JsonProperty("integer")
    private final boolean integer;

    /**
     * @param op         the operation, not null
     * @param low        parameter at magnitude 0, within the operation's allowed range
     * @param high       parameter at magnitude 1, within the operation's allowed range (may be below {@code low})
     * @param randomSign negate the parameter with probability ½ (after making it whole)
     * @param integer    make the parameter whole as described in the class comment
     * @throws IllegalArgumentException if {@code op} is null or {@code low}/{@code high} are out of the operation's
     *                                  range (with a random sign, {@code -low} and {@code -high} must be allowed too)
     */
    @JsonCreator
    public OpSpec(@JsonProperty("op") RandAugmentOp op, @JsonProperty("low") double low,
                  @JsonProperty("high") double high, @JsonProperty("randomSign") boolean randomSign,
                  @JsonProperty("integer") boolean integer) {
        if (op == null) {
            throw new IllegalArgumentException("op must not be null");
        }
        op.checkValue("low", low);
        op.checkValue("high", high);
        if (randomSign) {
            op.checkValue("-low (randomSign is on)", -low);
            op.checkValue("-high (randomSign is on)", -high);
        }
        this.op = op;
        this.low = low;
        this.high = high;
        this.randomSign = randomSign;
        this.integer = integer;
    }

    /** An operation without a parameter (IDENTITY, AUTO_CONTRAST, EQUALIZE). */
    public static OpSpec of(RandAugmentOp op) {
        return new OpSpec(op, 0, 0, false, false);
    }

    /** @return the operation */
    public RandAugmentOp getOp() {
        return op;
    }

    /** @return the parameter at magnitude 0 */
    public double getLow() {
        return low;
    }

    /** @return the parameter at magnitude 1 */
    public double getHigh() {
        return high;
    }

    /** @return whether the parameter is negated with probability ½ */
    public boolean isRandomSign() {
        return randomSign;
    }

    /** @return whether the parameter is made whole (see the class comment) */
    public boolean isInteger() {
        return integer;
    }

    /**
     * @param magnitude in [0, 1]
     * @return the unsigned parameter for that magnitude
     */
    public double value(double magnitude) {
        double span = high - low;
        if (integer && op.integral()) {
            return low + (long) (magnitude * span);
        }
        return low + magnitude * span;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OpSpec)) {
            return false;
        }
        OpSpec s = (OpSpec) o;
        return op == s.op && Double.compare(low, s.low) == 0 && Double.compare(high, s.high) == 0
                && randomSign == s.randomSign && integer == s.integer;
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, low, high, randomSign, integer);
    }

    @Override
    public String toString() {
        return "OpSpec(op=" + op + ",low=" + low + ",high=" + high + ",randomSign=" + randomSign + ",integer="
                + integer + ")";
    }
}
