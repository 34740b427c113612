package io.github.spl4j.dl4j.checkpoint;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import io.github.spl4j.dl4j.ema.EmaTeacherListener;

/**
 * Everything needed to continue a FixMatch run bit-identically: the network with its updater state (and DL4J's
 * iteration count, which drives the learning-rate schedule), the EMA teacher's state, the training step, the data
 * iterator's position (the FixMatch iterator derives every random draw from its seed and the step, so the position is
 * its whole random state), the configuration and the label split as JSON, and free-form string properties.
 *
 * <p>Immutable apart from the network it holds (which it does not copy: the store serialises it on save and
 * deserialises a fresh one on load).
 */
public final class TrainingCheckpoint {
    private final long step;
    private final Model model;
    private final EmaTeacherListener.State ema;
    private final long dataPosition;
    private final String configJson;
    private final String splitJson;
    private final Map<String, String> properties;

    /**
     * @param step         training steps done, {@code >= 0}
     * @param model        a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @param ema          the EMA teacher's state, or null if there is none
     * @param dataPosition the data iterator's position (the step its next batch belongs to), {@code >= 0}
     * @param configJson   the run configuration as JSON, not null
     * @param splitJson    the label split as JSON, or null
     * @param properties   extra string properties (copied), not null
     * @throws IllegalArgumentException if a value is out of range or null where not allowed
     */
    public TrainingCheckpoint(long step, Model model, EmaTeacherListener.State ema, long dataPosition,
                              String configJson, String splitJson, Map<String, String> properties) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, found " + step);
        }
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("model must be a MultiLayerNetwork or ComputationGraph, found "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        if (dataPosition < 0) {
            throw new IllegalArgumentException("dataPosition must be >= 0, found " + dataPosition);
        }
        if (configJson == null) {
            throw new IllegalArgumentException("configJson must not be null");
        }
        this.step = step;
        this.model = model;
        this.ema = ema;
        this.dataPosition = dataPosition;
        this.configJson = configJson;
        this.splitJson = splitJson;
        this.properties = Map.copyOf(new TreeMap<>(Objects.requireNonNull(properties, "properties")));
    }

    /** @return training steps done */
    public long getStep() {
        return step;
    }

    /** @return the network (with updater state after a load) */
    public Model getModel() {
        return model;
    }

    /** @return the EMA teacher's state, or null */
    public EmaTeacherListener.State getEma() {
        return ema;
    }

    /** @return the data iterator's position */
    public long getDataPosition() {
        return dataPosition;
    }

    /** @return the run configuration as JSON */
    public String getConfigJson() {
        return configJson;
    }

    /** @return the label split as JSON, or null */
    public String getSplitJson() {
        return splitJson;
    }

    /** @return the extra properties (unmodifiable) */
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public String toString() {
        return "TrainingCheckpoint(step=" + step + ", model=" + model.getClass().getSimpleName() + ", ema="
                + (ema == null ? "none" : ema.getUpdates() + " updates") + ", dataPosition=" + dataPosition + ")";
    }
}
