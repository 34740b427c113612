package io.github.spl4j.arbiter;

import io.github.spl4j.dl4j.ema.EmaTeacherListener;
import io.github.spl4j.loss.SmoothPseudoLabelLossFunction;
import io.github.spl4j.weighting.HardThreshold;
import io.github.spl4j.weighting.SmoothRamp;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * Arbiter {@link TaskCreator} that trains one {@link FixMatchCandidate} as a FixMatch run: a fixed budget of optimiser
 * steps over the data source's FixMatch minibatches, an EMA teacher updated after every step, and the score of the
 * <b>teacher</b> on the validation split. Every candidate starts from the same seed (initialisation and data), so
 * candidates differ only in their hyperparameters.
 *
 * <p>A candidate whose training loss becomes non-finite, whose validation error is NaN, or which throws is recorded
 * as {@link CandidateRecord.Status#FAILED} with the reason, and the search goes on. Each outcome is written to the
 * search folder ({@link SearchResults}); a candidate whose record already exists with the same settings is not
 * trained again (resume).
 *
 * <p>EMA: the trainer's {@link EmaTeacherListener} with the candidate's decay and its default warm-up
 * d_k = min(decay, (1 + k)/(10 + k)), so short budgets are not dominated by the initial weights; batch-norm running
 * statistics are copied, not averaged.
 */
public final class FixMatchTaskCreator implements TaskCreator {
    private static final Logger log = LoggerFactory.getLogger(FixMatchTaskCreator.class);

    private final int steps;
    private final long seed;
    private final Path folder;

    /**
     * @param steps  optimiser steps per candidate, &gt;= 1
     * @param seed   the seed of every candidate's initialisation
     * @param folder the search folder for the records
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    public FixMatchTaskCreator(int steps, long seed, Path folder) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, found " + steps);
        }
        this.steps = steps;
        this.seed = seed;
        this.folder = java.util.Objects.requireNonNull(folder, "folder must not be null");
    }

    /**
     * Not supported: use a {@link DataSource}.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider,
                                               ScoreFunction scoreFunction, List<StatusListener> statusListeners,
                                               IOptimizationRunner runner) {
        throw new UnsupportedOperationException("FixMatchTaskCreator needs a DataSource (Arbiter's"
                + " OptimizationConfiguration.Builder.dataSource(...)), found a DataProvider");
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                               Properties dataSourceProperties, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, dataSource, dataSourceProperties, scoreFunction);
    }

    static DataSource instantiate(Class<? extends DataSource> dataSource, Properties properties) {
        DataSource ds;
        try {
            ds = dataSource.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("data source " + dataSource.getName()
                    + " must have a public no-argument constructor", e);
        }
        if (properties != null) {
            ds.configure(properties);
        }
        return ds;
    }

    private OptimizationResult run(Candidate candidate, Class<? extends DataSource> dataSource,
                                   Properties properties, ScoreFunction scoreFunction) {
        long start = System.currentTimeMillis();
        long t0 = System.nanoTime();
        int index = candidate.getIndex();
        CandidateRecord record;
        FixMatchCandidate value = (FixMatchCandidate) candidate.getValue();
        CandidateRecord settings;
        try {
            settings = describe(index, value);
        } catch (RuntimeException e) {
            return finish(candidate, failed(index, value, 0, seconds(t0), e.getMessage()), start);
        }
        Optional<CandidateRecord> previous = SearchResults.read(folder, index);
        if (previous.isPresent() && previous.get().sameSettings(settings)) {
            log.info("Candidate {} already finished ({}), not repeated", index, previous.get().getStatus());
            return result(candidate, previous.get(), start);
        }
        int done = 0;
        try {
            SearchResults.writeNetwork(folder, index, value.getNetwork().toJson());
            MultiLayerConfiguration conf = value.getNetwork().clone();
            for (NeuralNetConfiguration c : conf.getConfs()) {
                c.setSeed(seed);
            }
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            DataSetIterator train = trainIterator(dataSource, properties);
            EmaTeacherListener ema = new EmaTeacherListener.Builder().decay(value.getEmaDecay()).build();
            ema.initialize(net);
            net.addListeners(ema);
            String divergence = null;
            try {
                while (done < steps) {
                    if (!train.hasNext()) {
                        train.reset();
                        if (!train.hasNext()) {
                            throw new IllegalArgumentException("training data of " + dataSource.getName() + " is empty");
                        }
                    }
                    net.fit(train.next());
                    done++;
                    double loss = net.score();
                    if (!Double.isFinite(loss)) {
                        divergence = "diverged: training loss " + loss + " at step " + done;
                        break;
                    }
                }
            } finally {
                if (train instanceof AutoCloseable c) {
                    c.close();
                }
            }
            if (divergence != null) {
                record = failed(index, value, done, seconds(t0), divergence);
            } else {
                double error = scoreFunction.score(ema.teacher(), dataSource, properties);
                record = Double.isNaN(error)
                        ? failed(index, value, done, seconds(t0), "diverged: validation error is NaN")
                        : withOutcome(settings, CandidateRecord.Status.COMPLETE, done, error, seconds(t0), null);
            }
        } catch (Exception e) {
            log.warn("Candidate {} failed", index, e);
            record = failed(index, value, done, seconds(t0), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return finish(candidate, record, start);
    }

    private DataSetIterator trainIterator(Class<? extends DataSource> dataSource, Properties properties) {
        Object data = instantiate(dataSource, properties).trainData();
        if (!(data instanceof DataSetIterator it)) {
            throw new IllegalArgumentException("training data of " + dataSource.getName()
                    + " must be a DataSetIterator of FixMatch minibatches, found "
                    + (data == null ? "null" : data.getClass().getName()));
        }
        return it;
    }

    private OptimizationResult finish(Candidate candidate, CandidateRecord record, long start) {
        SearchResults.write(folder, record);
        log.info("Candidate {}: {}", record.getIndex(), record);
        return result(candidate, record, start);
    }

    private static OptimizationResult result(Candidate candidate, CandidateRecord record, long start) {
        boolean ok = record.isComplete();
        Double score = ok ? record.getValidationError() : null;
        CandidateInfo info = new CandidateInfo(candidate.getIndex(),
                ok ? CandidateStatus.Complete : CandidateStatus.Failed, score, start, start,
                System.currentTimeMillis(), candidate.getFlatParameters(), ok ? null : record.getMessage());
        return new OptimizationResult(candidate, score, candidate.getIndex(), null, info, null);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private CandidateRecord failed(int index, FixMatchCandidate value, int done, double secs, String message) {
        CandidateRecord base;
        try {
            base = describe(index, value);
        } catch (RuntimeException e) {
            base = new CandidateRecord(index, CandidateRecord.Status.FAILED, null, Double.NaN,
                    Double.NaN, Double.NaN, value == null ? Double.NaN : value.getEmaDecay(), Double.NaN, seed, 0,
                    Double.NaN, 0, null);
        }
        return withOutcome(base, CandidateRecord.Status.FAILED, done, Double.NaN, secs, message);
    }

    private static CandidateRecord withOutcome(CandidateRecord s, CandidateRecord.Status status, int done,
                                               double error, double secs, String message) {
        return new CandidateRecord(s.getIndex(), status, s.getWeighting(), s.getTau(), s.getMu(), s.getLambdaU(),
                s.getEmaDecay(), s.getLearningRate(), s.getSeed(), done, error, secs, message);
    }

    /** The candidate's settings as a record without outcome; throws if the output layer has no pseudo-label loss. */
    private CandidateRecord describe(int index, FixMatchCandidate value) {
        List<NeuralNetConfiguration> confs = value.getNetwork().getConfs();
        Layer out = confs.get(confs.size() - 1).getLayer();
        ILossFunction loss = out instanceof BaseOutputLayer o ? o.getLossFn()
                : out instanceof LossLayer l ? l.getLossFn() : null;
        if (!(loss instanceof SmoothPseudoLabelLossFunction spl)) {
            throw new IllegalArgumentException("the output layer's loss must be a SmoothPseudoLabelLossFunction"
                    + " (use PseudoLabelLossSpace in the OutputLayerSpace), found " + loss);
        }
        WeightingKind kind;
        if (spl.getWeighting() instanceof SmoothRamp) {
            kind = WeightingKind.SMOOTH;
        } else if (spl.getWeighting() instanceof HardThreshold) {
            kind = WeightingKind.HARD;
        } else {
            throw new IllegalArgumentException("weighting must be a HardThreshold or SmoothRamp, found "
                    + spl.getWeighting());
        }
        double mu = spl.getWeighting() instanceof SmoothRamp r ? r.getMu() : Double.NaN;
        double lr = Double.NaN;
        if (out instanceof BaseLayer b && b.getIUpdater() != null) {
            IUpdater u = b.getIUpdater();
            lr = u.hasLearningRate() ? u.getLearningRate(0, 0) : Double.NaN;
        }
        return new CandidateRecord(index, CandidateRecord.Status.FAILED, kind, spl.getWeighting().getTau(), mu,
                spl.getLambdaU(), value.getEmaDecay(), lr, seed, 0, Double.NaN, 0, null);
    }

    @Override
    public String toString() {
        return "FixMatchTaskCreator(steps=" + steps + ", seed=" + seed + ", folder=" + folder + ")";
    }
}
