package io.github.spl4j.arbiter;

import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.serde.jackson.JsonMapper;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A ready hyperparameter search for (Smooth) FixMatch on Arbiter: each candidate is a FixMatch run of a fixed step
 * budget with an EMA teacher ({@link FixMatchTaskCreator}), scored by the teacher's error on the validation split
 * held out from the training set ({@link ValidationErrorScoreFunction}); never on the test set.
 *
 * <pre>{@code
 * MultiLayerSpace net = new MultiLayerSpace.Builder().updater(new Adam(0.01))
 *     .addLayer(new DenseLayerSpace.Builder().nIn(2).nOut(16).activation(Activation.TANH).build())
 *     .addLayer(new OutputLayerSpace.Builder().nOut(2).activation(Activation.SOFTMAX)
 *         .iLossFunction(PseudoLabelLossSpace.builder().weighting(WeightingKindSpace.both())
 *             .tau(TauSpace.uniform(0.5, 0.99)).mu(MuSpace.shapes()).build()).build())
 *     .build();
 * SearchSummary s = FixMatchSearch.builder(net, TwoMoonsDataSource.class, Path.of("runs/search"))
 *     .steps(300).maxCandidates(20).maxTime(Duration.ofHours(2)).build().run();
 * }</pre>
 *
 * <p>The folder receives {@value #SEARCH_JSON} (the settings), one record per candidate and the tables and plot of
 * {@link SearchResults}. Running the same search again in the same folder resumes it: finished candidates (complete
 * or failed) are read back, not trained again; the candidate budget counts them. A folder holding a different search
 * is refused. The time limit is checked between candidates; a running candidate finishes.
 */
public final class FixMatchSearch {
    private static final Logger log = LoggerFactory.getLogger(FixMatchSearch.class);

    /** File name of the stored search settings. */
    public static final String SEARCH_JSON = "search.json";
    /** Default optimiser steps per candidate. */
    public static final int DEFAULT_STEPS = 200;
    /** Default number of candidates. */
    public static final int DEFAULT_MAX_CANDIDATES = 10;
    /** Default root seed. */
    public static final long DEFAULT_SEED = 42L;
    /** Default EMA teacher decay (FixMatch's). */
    public static final double DEFAULT_EMA_DECAY = 0.999;
    /** Default grid points per continuous parameter in grid search. */
    public static final int DEFAULT_DISCRETIZATION = 3;

    /** How candidates are generated. */
    public enum Strategy {
        /** Arbiter's {@link RandomSearchGenerator}, seeded with the search seed. */
        RANDOM,
        /** Arbiter's {@link GridSearchCandidateGenerator}, sequential order. */
        GRID
    }

    private final FixMatchSpace space;
    private final Class<? extends DataSource> dataSource;
    private final Properties dataProperties;
    private final Path folder;
    private final int steps;
    private final long seed;
    private final Strategy strategy;
    private final int discretization;
    private final int maxCandidates;
    private final Duration maxTime;

    private FixMatchSearch(Builder b) {
        this.space = new FixMatchSpace(b.network, b.emaDecay);
        this.dataSource = b.dataSource;
        this.dataProperties = new Properties();
        this.dataProperties.putAll(b.dataProperties);
        this.dataProperties.putIfAbsent("seed", Long.toString(b.seed));
        this.folder = b.folder;
        this.steps = b.steps;
        this.seed = b.seed;
        this.strategy = b.strategy;
        this.discretization = b.discretization;
        this.maxCandidates = b.maxCandidates;
        this.maxTime = b.maxTime;
    }

    /**
     * @param network    the network space; its output layer must use a {@link PseudoLabelLossSpace} (or a fixed
     *                   {@link io.github.spl4j.loss.SmoothPseudoLabelLossFunction})
     * @param dataSource an Arbiter data source class (public no-argument constructor) whose {@code trainData()} is a
     *                   {@code DataSetIterator} of FixMatch minibatches and whose {@code testData()} is the
     *                   validation split, e.g. {@link TwoMoonsDataSource}
     * @param folder     the search folder (created if missing; reused to resume)
     * @return a builder with the defaults
     */
    public static Builder builder(MultiLayerSpace network, Class<? extends DataSource> dataSource, Path folder) {
        return new Builder(network, dataSource, folder);
    }

    /** @return the search space (network and EMA decay) */
    public FixMatchSpace getSpace() {
        return space;
    }

    /** @return the search folder */
    public Path getFolder() {
        return folder;
    }

    /**
     * Runs (or resumes) the search and writes the records, tables and plot.
     *
     * @return the ranked outcome
     * @throws IllegalStateException if the folder holds a different search
     * @throws UncheckedIOException  if the folder cannot be written
     */
    public SearchSummary run() {
        String settings = settingsJson();
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(SEARCH_JSON);
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8);
                if (!stored.equals(settings)) {
                    throw new IllegalStateException("folder " + folder + " holds a different search (" + SEARCH_JSON
                            + " differs): use a new folder, or the same settings to resume");
                }
                log.info("Resuming the search in {} ({} candidates on record)", folder,
                        SearchResults.load(folder).size());
            } else {
                Files.writeString(file, settings, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the search folder " + folder, e);
        }
        log.info("FixMatch search: {}", this);

        CandidateGenerator generator = strategy == Strategy.GRID
                ? new GridSearchCandidateGenerator(space, discretization, GridSearchCandidateGenerator.Mode.Sequential,
                null)
                : new RandomSearchGenerator(space);
        List<TerminationCondition> stop = new ArrayList<>();
        stop.add(new MaxCandidatesCondition(maxCandidates));
        stop.add(new CandidatesExhaustedCondition());
        if (maxTime != null) {
            stop.add(new MaxTimeCondition(maxTime.toMillis(), TimeUnit.MILLISECONDS));
        }
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator)
                .dataSource(dataSource, dataProperties)
                .scoreFunction(new ValidationErrorScoreFunction())
                .terminationConditions(stop)
                .rngSeed(seed)
                .build();
        new LocalOptimizationRunner(conf, new FixMatchTaskCreator(steps, seed, folder)).execute();

        List<CandidateRecord> records = SearchResults.load(folder);
        try {
            SearchResults.writeTables(folder, records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary tables to " + folder, e);
        }
        SearchResults.plotErrorVsTau(records, folder.resolve(SearchResults.PLOT_PNG));
        SearchSummary summary = new SearchSummary(folder, SearchResults.ranked(records));
        log.info("Search finished: {} candidates, {} failed; best {}\n{}", records.size(), summary.failedCount(),
                summary.best().map(CandidateRecord::toString).orElse("none"), SearchResults.summaryTable(records));
        return summary;
    }

    /** The settings that define the candidates (the budget and time limit are left out so a resume may extend them). */
    private String settingsJson() {
        Map<String, Object> m = new TreeMap<>();
        m.put("space", space);
        m.put("dataSource", dataSource.getName());
        Map<String, String> props = new TreeMap<>();
        dataProperties.stringPropertyNames().forEach(k -> props.put(k, dataProperties.getProperty(k)));
        m.put("dataProperties", props);
        m.put("steps", steps);
        m.put("seed", seed);
        m.put("strategy", strategy.name());
        m.put("discretization", discretization);
        try {
            return JsonMapper.getMapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the search settings: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FixMatchSearch(strategy=" + strategy + (strategy == Strategy.GRID ? ", discretization="
                + discretization : "") + ", steps=" + steps + ", seed=" + seed + ", maxCandidates=" + maxCandidates
                + ", maxTime=" + maxTime + ", dataSource=" + dataSource.getSimpleName() + ", folder=" + folder
                + ", emaDecay=" + space.getEmaDecay() + ")";
    }

    /** Builds a {@link FixMatchSearch}; setters validate their argument, {@link #build()} the combination. */
    public static final class Builder {
        private final MultiLayerSpace network;
        private final Class<? extends DataSource> dataSource;
        private final Path folder;
        private final Properties dataProperties = new Properties();
        private EmaDecaySpace emaDecay = EmaDecaySpace.fixed(DEFAULT_EMA_DECAY);
        private int steps = DEFAULT_STEPS;
        private long seed = DEFAULT_SEED;
        private Strategy strategy = Strategy.RANDOM;
        private int discretization = DEFAULT_DISCRETIZATION;
        private int maxCandidates = DEFAULT_MAX_CANDIDATES;
        private Duration maxTime;

        private Builder(MultiLayerSpace network, Class<? extends DataSource> dataSource, Path folder) {
            this.network = Objects.requireNonNull(network, "network space must not be null");
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
            this.folder = Objects.requireNonNull(folder, "folder must not be null");
            try {
                dataSource.getDeclaredConstructor();
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("dataSource " + dataSource.getName()
                        + " must have a public no-argument constructor (Arbiter instantiates it by class)", e);
            }
        }

        /**
         * @param properties the data source's properties (copied; the search seed is added as {@code seed} unless
         *                   given)
         * @return this builder
         */
        public Builder dataProperties(Properties properties) {
            dataProperties.putAll(Objects.requireNonNull(properties, "properties must not be null"));
            return this;
        }

        /**
         * @param emaDecay the EMA teacher decay space (default fixed {@value #DEFAULT_EMA_DECAY})
         * @return this builder
         */
        public Builder emaDecay(EmaDecaySpace emaDecay) {
            this.emaDecay = Objects.requireNonNull(emaDecay, "emaDecay space must not be null");
            return this;
        }

        /**
         * @param steps optimiser steps per candidate, &gt;= 1 (default {@value #DEFAULT_STEPS})
         * @return this builder
         * @throws IllegalArgumentException if {@code steps < 1}
         */
        public Builder steps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, found " + steps);
            }
            this.steps = steps;
            return this;
        }

        /**
         * @param seed root seed: candidate generation, network initialisation and (as property {@code seed}) the
         *             data source (default {@value #DEFAULT_SEED})
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Random search (the default).
         *
         * @return this builder
         */
        public Builder randomSearch() {
            this.strategy = Strategy.RANDOM;
            return this;
        }

        /**
         * Grid search: value sets are grid axes as given, ranges are cut into {@code discretization} points.
         *
         * @param discretization points per continuous range, &gt;= 1 (default {@value #DEFAULT_DISCRETIZATION})
         * @return this builder
         * @throws IllegalArgumentException if {@code discretization < 1}
         */
        public Builder gridSearch(int discretization) {
            if (discretization < 1) {
                throw new IllegalArgumentException("discretization must be >= 1, found " + discretization);
            }
            this.strategy = Strategy.GRID;
            this.discretization = discretization;
            return this;
        }

        /**
         * @param maxCandidates stop after this many candidates, &gt;= 1, resumed ones included (default
         *                      {@value #DEFAULT_MAX_CANDIDATES}); a grid also stops when exhausted
         * @return this builder
         * @throws IllegalArgumentException if {@code maxCandidates < 1}
         */
        public Builder maxCandidates(int maxCandidates) {
            if (maxCandidates < 1) {
                throw new IllegalArgumentException("maxCandidates must be >= 1, found " + maxCandidates);
            }
            this.maxCandidates = maxCandidates;
            return this;
        }

        /**
         * @param maxTime start no new candidate after this wall time, positive (default: no limit)
         * @return this builder
         * @throws IllegalArgumentException if {@code maxTime} is zero or negative
         */
        public Builder maxTime(Duration maxTime) {
            if (maxTime == null || maxTime.isZero() || maxTime.isNegative()) {
                throw new IllegalArgumentException("maxTime must be positive, found " + maxTime);
            }
            this.maxTime = maxTime;
            return this;
        }

        /** @return the search */
        public FixMatchSearch build() {
            return new FixMatchSearch(this);
        }
    }
}
