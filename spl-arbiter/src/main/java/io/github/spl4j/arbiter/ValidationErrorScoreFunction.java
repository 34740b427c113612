package io.github.spl4j.arbiter;

import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Classification error (1 − accuracy, a fraction in [0, 1]; lower is better) on the data source's
 * {@link DataSource#testData()}, which for spl4j's data sources is the <b>validation split held out from the training
 * set</b>, never the test set. Returns NaN if the network outputs a non-finite value, so a diverged candidate can
 * never look good. Works for {@link MultiLayerNetwork} and single-output {@link ComputationGraph}.
 */
public final class ValidationErrorScoreFunction implements ScoreFunction {
    private static final long serialVersionUID = 1L;

    /** Creates the score function (it has no settings). */
    public ValidationErrorScoreFunction() {
    }

    /**
     * Not supported: spl4j uses Arbiter's {@link DataSource} API, not the deprecated {@link DataProvider}.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public double score(Object model, DataProvider dataProvider, Map<String, Object> dataParameters) {
        throw new UnsupportedOperationException("ValidationErrorScoreFunction needs a DataSource (Arbiter's"
                + " OptimizationConfiguration.Builder.dataSource(...)), found a DataProvider");
    }

    /**
     * @param model                a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @param dataSource           the data source class; its {@code testData()} must be a {@link DataSetIterator}
     *                             over the validation split
     * @param dataSourceProperties its properties (may be null)
     * @return validation error in [0, 1], or NaN if the network's output is not finite
     * @throws IllegalArgumentException if the model or data type is not supported or the validation data is empty
     */
    @Override
    public double score(Object model, Class<? extends DataSource> dataSource, Properties dataSourceProperties) {
        DataSource ds = FixMatchTaskCreator.instantiate(dataSource, dataSourceProperties);
        Object data = ds.testData();
        if (!(data instanceof DataSetIterator it)) {
            throw new IllegalArgumentException("validation data of " + dataSource.getName()
                    + " must be a DataSetIterator, found " + (data == null ? "null" : data.getClass().getName()));
        }
        return error(model, it);
    }

    /**
     * @param model      a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @param validation labelled validation minibatches
     * @return validation error in [0, 1], or NaN if the network's output is not finite
     * @throws IllegalArgumentException if the model type is not supported or {@code validation} is empty
     */
    public static double error(Object model, DataSetIterator validation) {
        Evaluation eval = new Evaluation();
        if (validation.resetSupported()) {
            validation.reset();
        }
        while (validation.hasNext()) {
            DataSet batch = validation.next();
            INDArray out;
            if (model instanceof MultiLayerNetwork net) {
                out = net.output(batch.getFeatures(), false);
            } else if (model instanceof ComputationGraph graph) {
                out = graph.outputSingle(false, batch.getFeatures());
            } else {
                throw new IllegalArgumentException("model must be a MultiLayerNetwork or ComputationGraph, found "
                        + (model == null ? "null" : model.getClass().getName()));
            }
            if (!Double.isFinite(out.sumNumber().doubleValue())) {
                return Double.NaN;
            }
            eval.eval(batch.getLabels(), out);
        }
        if (eval.getNumRowCounter() == 0) {
            throw new IllegalArgumentException("validation data is empty: the data source must hold out a"
                    + " non-empty validation split");
        }
        return 1.0 - eval.accuracy();
    }

    /** @return true: lower error is better */
    @Override
    public boolean minimize() {
        return true;
    }

    @Override
    public List<Class<?>> getSupportedModelTypes() {
        return List.of(MultiLayerNetwork.class, ComputationGraph.class);
    }

    @Override
    public List<Class<?>> getSupportedDataTypes() {
        return List.of(DataSetIterator.class);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidationErrorScoreFunction;
    }

    @Override
    public int hashCode() {
        return ValidationErrorScoreFunction.class.hashCode();
    }

    @Override
    public String toString() {
        return "ValidationErrorScoreFunction()";
    }
}
