package io.github.spl4j.arbiter;

import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * What one candidate of a {@link FixMatchSearch} was and how it did: its hyperparameters, seed, step budget, the
 * validation error of its EMA teacher, wall time and status. Written as {@code candidate-<index>.json} in the
 * search folder and as one row of {@code candidates.csv} / {@code summary.csv}.
 *
 * <p>{@code validationError} is a fraction in [0, 1] (1 − accuracy on the validation split held out from the training
 * set), or NaN when the candidate failed. {@code mu} is NaN for the hard threshold, which has no µ.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class CandidateRecord {

    /** Outcome of a candidate. */
    public enum Status {
        /** Trained for the full budget and scored. */
        COMPLETE,
        /** Diverged (non-finite loss or validation error) or threw; {@code message} says why. */
        FAILED
    }

    /** Column names of {@link #csvHeader()}, in order. */
    public static final String[] COLUMNS = {"index", "status", "weighting", "tau", "mu", "lambdaU", "emaDecay",
            "learningRate", "seed", "steps", "validationError", "seconds", "message"};

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    @JsonProperty("index")
    private final int index;
    @JsonProperty("status")
    private final Status status;
    @JsonProperty("weighting")
    private final WeightingKind weighting;
    @JsonProperty("tau")
    private final double tau;
    @JsonProperty("mu")
    private final double mu;
    @JsonProperty("lambdaU")
    private final double lambdaU;
    @JsonProperty("emaDecay")
    private final double emaDecay;
    @JsonProperty("learningRate")
    private final double learningRate;
    @JsonProperty("seed")
    private final long seed;
    @JsonProperty("steps")
    private final int steps;
    @JsonProperty("validationError")
    private final double validationError;
    @JsonProperty("seconds")
    private final double seconds;
    @JsonProperty("message")
    private final String message;

    /**
     * @param index           the candidate's index in the search (0-based)
     * @param status          the outcome
     * @param weighting       hard or smooth; null only for a failed candidate without a pseudo-label loss
     * @param tau             τ in [0, 1)
     * @param mu              µ &gt; 0, or NaN for the hard threshold
     * @param lambdaU         λu ≥ 0
     * @param emaDecay        EMA teacher decay in [0, 1)
     * @param learningRate    the initial learning rate of the output layer's updater, NaN if it has none
     * @param seed            the seed of the network initialisation and data
     * @param steps           optimiser steps done (the budget unless the candidate failed early)
     * @param validationError validation error in [0, 1], or NaN if the candidate failed
     * @param seconds         wall time of the candidate, seconds
     * @param message         why it failed (null when complete)
     * @throws IllegalArgumentException if index or steps is negative, or a complete record lacks a valid error
     */
    @JsonCreator
    public CandidateRecord(@JsonProperty("index") int index, @JsonProperty("status") Status status,
                           @JsonProperty("weighting") WeightingKind weighting, @JsonProperty("tau") double tau,
                           @JsonProperty("mu") double mu, @JsonProperty("lambdaU") double lambdaU,
                           @JsonProperty("emaDecay") double emaDecay,
                           @JsonProperty("learningRate") double learningRate, @JsonProperty("seed") long seed,
                           @JsonProperty("steps") int steps, @JsonProperty("validationError") double validationError,
                           @JsonProperty("seconds") double seconds, @JsonProperty("message") String message) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, found " + index);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, found " + steps);
        }
        this.status = Objects.requireNonNull(status, "status must not be null");
        if (status == Status.COMPLETE && !(validationError >= 0 && validationError <= 1)) {
            throw new IllegalArgumentException("validationError of a complete candidate must be in [0, 1], found "
                    + validationError);
        }
        this.index = index;
        if (weighting == null && status == Status.COMPLETE) {
            throw new IllegalArgumentException("weighting of a complete candidate must be HARD or SMOOTH, found null");
        }
        this.weighting = weighting;
        this.tau = tau;
        this.mu = mu;
        this.lambdaU = lambdaU;
        this.emaDecay = emaDecay;
        this.learningRate = learningRate;
        this.seed = seed;
        this.steps = steps;
        this.validationError = validationError;
        this.seconds = seconds;
        this.message = message;
    }

    /** @return the candidate's index in the search */
    public int getIndex() {
        return index;
    }

    /** @return the outcome */
    public Status getStatus() {
        return status;
    }

    /** @return hard or smooth; null for a failed candidate whose network has no pseudo-label loss */
    public WeightingKind getWeighting() {
        return weighting;
    }

    /** @return τ */
    public double getTau() {
        return tau;
    }

    /** @return µ, NaN for the hard threshold */
    public double getMu() {
        return mu;
    }

    /** @return λu */
    public double getLambdaU() {
        return lambdaU;
    }

    /** @return the EMA teacher decay */
    public double getEmaDecay() {
        return emaDecay;
    }

    /** @return the output layer's initial learning rate, NaN if unknown */
    public double getLearningRate() {
        return learningRate;
    }

    /** @return the seed of initialisation and data */
    public long getSeed() {
        return seed;
    }

    /** @return optimiser steps done */
    public int getSteps() {
        return steps;
    }

    /** @return validation error in [0, 1], NaN if failed */
    public double getValidationError() {
        return validationError;
    }

    /** @return wall time, seconds */
    public double getSeconds() {
        return seconds;
    }

    /** @return the failure reason, null when complete */
    public String getMessage() {
        return message;
    }

    /** @return true if the candidate completed */
    @JsonIgnore
    public boolean isComplete() {
        return status == Status.COMPLETE;
    }

    /**
     * @param other another record
     * @return true if both describe the same hyperparameters and seed (the outcome is not compared)
     */
    public boolean sameSettings(CandidateRecord other) {
        return index == other.index && weighting == other.weighting && Double.compare(tau, other.tau) == 0
                && Double.compare(mu, other.mu) == 0 && Double.compare(lambdaU, other.lambdaU) == 0
                && Double.compare(emaDecay, other.emaDecay) == 0
                && Double.compare(learningRate, other.learningRate) == 0 && seed == other.seed;
    }

    /** @return this record as JSON */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param json a record written by {@link #toJson()}
     * @return the record
     * @throws IllegalArgumentException if the JSON is not a valid record
     */
    public static CandidateRecord fromJson(String json) {
        try {
            return MAPPER.readValue(json, CandidateRecord.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a candidate record: " + e.getMessage(), e);
        }
    }

    /** @return the CSV header line (no line break) */
    public static String csvHeader() {
        return String.join(",", COLUMNS);
    }

    /** @return this record as one CSV line (no line break); the message is quoted */
    public String toCsvRow() {
        String msg = message == null ? "" : "\"" + message.replace("\"", "\"\"").replace('\n', ' ') + "\"";
        return String.join(",", Integer.toString(index), status.name(),
                weighting == null ? "" : weighting.name(), num(tau), num(mu),
                num(lambdaU), num(emaDecay), num(learningRate), Long.toString(seed), Integer.toString(steps),
                num(validationError), String.format(Locale.ROOT, "%.3f", seconds), msg);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CandidateRecord r && sameSettings(r) && status == r.status && steps == r.steps
                && Double.compare(validationError, r.validationError) == 0
                && Double.compare(seconds, r.seconds) == 0 && Objects.equals(message, r.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, status, weighting, tau, mu, lambdaU, emaDecay, learningRate, seed, steps,
                validationError, seconds, message);
    }

    @Override
    public String toString() {
        return "CandidateRecord(index=" + index + ", status=" + status + ", weighting=" + weighting + ", tau=" + tau
                + ", mu=" + mu + ", lambdaU=" + lambdaU + ", emaDecay=" + emaDecay + ", learningRate="
                + learningRate + ", seed=" + seed + ", steps=" + steps + ", validationError=" + validationError
                + ", seconds=" + seconds + (message == null ? "" : ", message=" + message) + ")";
    }
}
