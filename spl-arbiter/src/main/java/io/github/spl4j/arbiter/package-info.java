/**
 * Hyperparameter search for (Smooth) FixMatch with Arbiter 1.0.0-beta7 on DL4J 1.0.0-M2.1.
 *
 * <p><b>Spaces</b>: {@link io.github.spl4j.arbiter.TauSpace}, {@link io.github.spl4j.arbiter.MuSpace},
 * {@link io.github.spl4j.arbiter.LambdaUSpace}, {@link io.github.spl4j.arbiter.EmaDecaySpace} (validated
 * {@link io.github.spl4j.arbiter.ScalarSpace}s), {@link io.github.spl4j.arbiter.WeightingKindSpace}, and
 * {@link io.github.spl4j.arbiter.PseudoLabelLossSpace}, a {@code ParameterSpace<ILossFunction>} for Arbiter's
 * {@code OutputLayerSpace.Builder().iLossFunction(...)} in a {@code MultiLayerSpace} or {@code ComputationGraphSpace}.
 * All serialise with Arbiter's {@code JsonMapper}.
 *
 * <p><b>Search</b>: {@link io.github.spl4j.arbiter.FixMatchSearch} (builder; random or grid search, limits by count
 * and time, resumable) runs Arbiter's {@code LocalOptimizationRunner} with
 * {@link io.github.spl4j.arbiter.FixMatchTaskCreator} (fixed step budget, EMA teacher, failures recorded) and
 * {@link io.github.spl4j.arbiter.ValidationErrorScoreFunction} (error on the validation hold-out, never the test set).
 * Outcomes: {@link io.github.spl4j.arbiter.CandidateRecord}, {@link io.github.spl4j.arbiter.SearchResults} (JSON, CSV,
 * ranked table, PNG plot of error vs τ), {@link io.github.spl4j.arbiter.SearchSummary}.
 *
 * <p><b>Data</b>: {@link io.github.spl4j.arbiter.ImageSplitDataSource} and
 * {@link io.github.spl4j.arbiter.StandardDatasetDataSource} (training images only, {@code LabelSplit} with a
 * validation hold-out), {@link io.github.spl4j.arbiter.TwoMoonsDataSource} (synthetic).
 *
 * <p><b>Arbiter on M2.1</b>: works with dependency exclusions only (see {@code docs/ARBITER.md}); tested are the local
 * runner, both task creators, random and grid generators, count and time conditions and the JSON mapper. Arbiter's
 * runner does not stop when a grid is exhausted ({@link io.github.spl4j.arbiter.CandidatesExhaustedCondition} does);
 * the Arbiter UI, genetic search and the deprecated {@code DataProvider} API are not used.
 */
package io.github.spl4j.arbiter;
