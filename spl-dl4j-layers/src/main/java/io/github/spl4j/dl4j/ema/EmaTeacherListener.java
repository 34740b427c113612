package io.github.spl4j.dl4j.ema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * An exponential moving average (EMA) of a network's weights, the "teacher" FixMatch evaluates (FixMatch, arXiv
 * 2001.07685; Smooth Pseudo-Labeling, arXiv 2405.14313). After every training iteration it updates its own shadow
 * copy of the parameters:
 *
 * <pre>
 *   shadow &lt;- d_k * shadow + (1 - d_k) * params      for every parameter trained by gradient descent
 *   shadow &lt;- params                                 for parameters DL4J does not train by gradient
 *                                                    (batch-norm running mean / variance, frozen layers)
 *   d_k     = min(d, (1 + k) / (10 + k))              with warm-up (default), k = number of earlier updates
 *   d_k     = d                                       without warm-up
 * </pre>
 *
 * <p><b>Why a warm-up.</b> With a fixed d from the first step the random initial weights keep a weight of
 * d<sup>k</sup> in the average: 0.999<sup>2000</sup> = 13.5% after 2,000 steps. Short CPU-scale runs then evaluate
 * a teacher that is still partly the random initialisation, and its test error looks far worse than the student's
 * (a real trap in the reference PyTorch port). The warm-up (the one of TensorFlow's
 * {@code ExponentialMovingAverage(num_updates)}) makes the teacher follow the student closely at first
 * (d_0 = 0.1, d_10 = 0.55, d_90 = 0.91) and reach d after about 9/(1 − d) steps; on long runs it changes nothing.
 *
 * <p><b>Batch-norm statistics are copied, not averaged</b>, as in the reference implementations: the running mean
 * and variance are already averages, and the teacher's batch norm must normalise with statistics that match the
 * activations it sees. Which parameters are copied is decided generically: every parameter whose updater in the
 * layer configuration is {@link NoOp} (DL4J's batch-norm running statistics and frozen layers).
 *
 * <p>One code path through {@link Model#params()} (the flattened parameter vector of a
 * {@link MultiLayerNetwork} or {@link ComputationGraph}); the listener keeps its own buffers ({@code dup()}), never
 * a view of the student. The shadow is initialised from the student the first time the listener sees it (or by
 * {@link #initialize(Model)}, which the trainer calls before the first step). Its state ({@link #snapshot()},
 * {@link #restore(State)}) goes into checkpoints.
 *
 * <pre>{@code
 * EmaTeacherListener ema = new EmaTeacherListener.Builder().decay(0.999).build();
 * net.addListeners(ema);
 * net.fit(iterator);
 * Evaluation e = ema.teacher().evaluate(testIterator);
 * }</pre>
 *
 * <p><b>Pseudo-labels from the teacher</b> (optional, off by default): {@link TeacherPseudoLabels} runs
 * {@link #teacher()} over each minibatch before the student's step and hands the teacher's weak-row probabilities to
 * the loss through its pseudo-label source hook; the model, the loss configuration and the batch layout stay as they
 * are. This is where the SPL paper's EMA-momentum robustness study plugs in.
 *
 * <p>Not thread-safe: one listener per network, used from the training thread.
 */
public final class EmaTeacherListener extends BaseTrainingListener {
    /** FixMatch's EMA decay. */
    public static final double DEFAULT_DECAY = 0.999;
    /** Warm-up is on by default (see the class documentation). */
    public static final boolean DEFAULT_WARM_UP = true;

    private final double decay;
    private final boolean warmUp;

    private Model student;
    private INDArray shadow;
    /** 1 for parameters that are averaged, 0 for parameters that are copied from the student. */
    private INDArray averagedMask;
    private long[][] copiedRanges;
    private long updates;
    private Model teacher;
    private boolean teacherStale = true;

    private EmaTeacherListener(Builder builder) {
        this.decay = builder.decay;
        this.warmUp = builder.warmUp;
    }

    /** @return the target decay d, in [0, 1) */
    public double getDecay() {
        return decay;
    }

    /** @return true if the warm-up d_k = min(d, (1 + k)/(10 + k)) is used */
    public boolean isWarmUp() {
        return warmUp;
    }

    /** @return the number of EMA updates done so far (k of the next update) */
    public long getUpdateCount() {
        return updates;
    }

    /**
     * The decay of update number {@code k}.
     *
     * @param k the number of earlier updates, {@code >= 0}
     * @return d_k
     * @throws IllegalArgumentException if {@code k < 0}
     */
    public double decayAt(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, found " + k);
        }
        return warmUp ? Math.min(decay, (1.0 + k) / (10.0 + k)) : decay;
    }

    /**
     * Starts the average at the student's current weights (normally before the first step). Called automatically on
     * the first iteration if not called before.
     *
     * @param model a {@link MultiLayerNetwork} or {@link ComputationGraph}, initialised
     * @throws IllegalArgumentException if the model is of another kind or not initialised
     */
    public void initialize(Model model) {
        Objects.requireNonNull(model, "model");
        INDArray params = checkedParams(model);
        this.student = model;
        this.shadow = params.reshape(params.length()).dup();
        this.updates = 0;
        List<long[]> copied = new ArrayList<>();
        this.averagedMask = buildAveragedMask(model, params, copied);
        this.copiedRanges = copied.toArray(new long[0][]);
        this.teacher = null;
        this.teacherStale = true;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (student != model) {
            initialize(model);
        }
        update(model.params());
    }

    /** One EMA step from the given parameter vector (the student's, after its update). */
    private void update(INDArray params) {
        INDArray p = params.reshape(params.length());
        double d = decayAt(updates);
        // shadow <- shadow + (1 - d) * mask * (params - shadow); copied ranges are then assigned exactly.
        INDArray delta = p.sub(shadow).muli(averagedMask).muli(1.0 - d);
        shadow.addi(delta);
        for (long[] r : copiedRanges) {
            shadow.get(NDArrayIndex.interval(r[0], r[1])).assign(p.get(NDArrayIndex.interval(r[0], r[1])));
        }
        updates++;
        teacherStale = true;
    }

    /**
     * A network with the shadow weights, for evaluation. The same instance is returned on every call and refreshed
     * from the shadow when it changed; it belongs to this listener (do not train it).
     *
     * @return a {@link MultiLayerNetwork} or {@link ComputationGraph} like the student
     * @throws IllegalStateException if the listener has not seen a model yet
     */
    public Model teacher() {
        requireInitialised();
        if (teacher == null) {
            teacher = cloneOf(student);
        }
        if (teacherStale) {
            teacher.setParams(shadow.reshape(teacher.params().shape()));
            teacherStale = false;
        }
        return teacher;
    }

    /**
     * @return a copy of the shadow parameter vector (same layout as the student's {@code params()})
     * @throws IllegalStateException if the listener has not seen a model yet
     */
    public INDArray shadowParams() {
        requireInitialised();
        return shadow.dup();
    }

    /**
     * @return a copy of the state for a checkpoint
     * @throws IllegalStateException if the listener has not seen a model yet
     */
    public State snapshot() {
        requireInitialised();
        return new State(shadow, updates);
    }

    /**
     * Restores a state saved by {@link #snapshot()}, after {@link #initialize(Model)} with the (restored) student.
     *
     * @param state the state, copied
     * @throws IllegalStateException    if {@link #initialize(Model)} has not been called
     * @throws IllegalArgumentException if the shadow length does not match the model
     */
    public void restore(State state) {
        Objects.requireNonNull(state, "state");
        requireInitialised();
        if (state.shadow.length() != student.numParams()) {
            throw new IllegalArgumentException("state has " + state.shadow.length() + " shadow parameters but the "
                    + "model has " + student.numParams() + ": the checkpoint belongs to another network");
        }
        this.shadow = state.shadow.dup().reshape(averagedMask.shape());
        this.updates = state.updates;
        this.teacherStale = true;
    }

    private void requireInitialised() {
        if (student == null) {
            throw new IllegalStateException("the EMA listener has not seen a network yet: call initialize(net) or "
                    + "train at least one iteration");
        }
    }

    private static INDArray checkedParams(Model model) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("model must be a MultiLayerNetwork or ComputationGraph, found "
                    + model.getClass().getName());
        }
        INDArray params = model.params();
        if (params == null) {
            throw new IllegalArgumentException("model has no parameters: call init() first");
        }
        return params;
    }

    private static Layer[] layersOf(Model model) {
        return model instanceof MultiLayerNetwork ? ((MultiLayerNetwork) model).getLayers()
                : ((ComputationGraph) model).getLayers();
    }

    private static Model cloneOf(Model model) {
        return model instanceof MultiLayerNetwork ? ((MultiLayerNetwork) model).clone()
                : ((ComputationGraph) model).clone();
    }

    /** Locates each parameter of each layer in the flat vector (they are views of it) and marks the copied ones. */
    private static INDArray buildAveragedMask(Model model, INDArray params, List<long[]> copied) {
        INDArray flat = params.reshape(params.length());
        INDArray mask = flat.ulike().assign(1.0);
        long base = params.offset();
        for (Layer layer : layersOf(model)) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            for (var e : layer.paramTable().entrySet()) {
                IUpdater updater = conf.getUpdaterByParam(e.getKey());
                if (!(updater instanceof NoOp)) {
                    continue;
                }
                INDArray view = e.getValue();
                long start = view.offset() - base;
                long end = start + view.length();
                if (start < 0 || end > flat.length() || !flat.get(NDArrayIndex.interval(start, end)).equals(view.reshape(view.length()))) {
                    throw new IllegalStateException("parameter " + e.getKey() + " of layer " + conf.getLayerName()
                            + " is not a view of the network's flattened parameters; cannot locate it");
                }
                mask.get(NDArrayIndex.interval(start, end)).assign(0.0);
                copied.add(new long[] {start, end});
            }
        }
        return mask;
    }

    @Override
    public String toString() {
        return "EmaTeacherListener(decay=" + decay + ",warmUp=" + warmUp + ",updates=" + updates + ")";
    }

    /** The listener's checkpointable state: the shadow parameters and the number of updates. Immutable. */
    public static final class State {
        private final INDArray shadow;
        private final long updates;

        /**
         * @param shadow  the shadow parameter vector, copied
         * @param updates the number of updates done, {@code >= 0}
         * @throws IllegalArgumentException if {@code updates < 0} or the shadow is null
         */
        public State(INDArray shadow, long updates) {
            if (shadow == null) {
                throw new IllegalArgumentException("shadow must not be null");
            }
            if (updates < 0) {
                throw new IllegalArgumentException("updates must be >= 0, found " + updates);
            }
            this.shadow = shadow.dup().reshape(shadow.length());
            this.updates = updates;
        }

        /** @return a copy of the shadow parameters as a vector */
        public INDArray getShadow() {
            return shadow.dup();
        }

        /** @return the number of updates done */
        public long getUpdates() {
            return updates;
        }
    }

    /** Builder; every setter validates its value. */
    public static final class Builder {
        private double decay = DEFAULT_DECAY;
        private boolean warmUp = DEFAULT_WARM_UP;

        /**
         * @param decay the target decay d, in [0, 1) (0.999 by default)
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder decay(double decay) {
            if (!(decay >= 0.0 && decay < 1.0)) {
                throw new IllegalArgumentException("decay must be in [0, 1), found " + decay);
            }
            this.decay = decay;
            return this;
        }

        /**
         * @param warmUp use d_k = min(d, (1 + k)/(10 + k)) (default true)
         * @return this builder
         */
        public Builder warmUp(boolean warmUp) {
            this.warmUp = warmUp;
            return this;
        }

        /** @return the listener */
        public EmaTeacherListener build() {
            return new EmaTeacherListener(this);
        }
    }
}
