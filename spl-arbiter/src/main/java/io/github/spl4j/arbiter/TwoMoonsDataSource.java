package io.github.spl4j.arbiter;

import io.github.spl4j.data.FixMatchBatchLayout;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/**
 * A small synthetic FixMatch problem as an Arbiter {@link DataSource}: two interleaved half-moons in 2-D, a few
 * labelled points, many unlabelled ones whose weak and strong "views" are the point plus small and large Gaussian
 * jitter. It exists so that the search machinery can be run and tested without image data; it is also a quick demo.
 *
 * <p>{@link #trainData()} gives {@code batchesPerEpoch} FixMatch minibatches {@code [B labelled | µB weak | µB
 * strong]} (built with {@link FixMatchBatchLayout#assemble}); {@link #testData()} gives the <b>validation</b> set,
 * drawn independently of the training points. There is no test set: nothing here is used to report final accuracy.
 * All randomness comes from the {@value #SEED} property.
 *
 * <p>Properties (all optional): {@value #SEED} (default 42), {@value #LABELED} (8), {@value #UNLABELED} (256),
 * {@value #VALIDATION} (200), {@value #BATCH_SIZE} (8 labelled rows per batch), {@value #UNLABELED_RATIO} (4),
 * {@value #BATCHES_PER_EPOCH} (20), {@value #NOISE} (0.1).
 */
public class TwoMoonsDataSource implements DataSource {
    private static final long serialVersionUID = 1L;

    /** Property: root seed. */
    public static final String SEED = "seed";
    /** Property: number of labelled training points. */
    public static final String LABELED = "labeled";
    /** Property: number of unlabelled training points. */
    public static final String UNLABELED = "unlabeled";
    /** Property: number of validation points. */
    public static final String VALIDATION = "validation";
    /** Property: labelled rows per minibatch (B). */
    public static final String BATCH_SIZE = "batchSize";
    /** Property: unlabelled images per labelled one in a minibatch. */
    public static final String UNLABELED_RATIO = "unlabeledRatio";
    /** Property: minibatches per pass of {@link #trainData()}. */
    public static final String BATCHES_PER_EPOCH = "batchesPerEpoch";
    /** Property: standard deviation of the noise around the moons. */
    public static final String NOISE = "noise";

    /** Standard deviation of the weak view's jitter. */
    public static final double WEAK_JITTER = 0.05;
    /** Standard deviation of the strong view's jitter. */
    public static final double STRONG_JITTER = 0.3;

    private long seed = 42;
    private int labeled = 8;
    private int unlabeled = 256;
    private int validation = 200;
    private int batchSize = 8;
    private int unlabeledRatio = 4;
    private int batchesPerEpoch = 20;
    private double noise = 0.1;

    /** Arbiter instantiates data sources by class: a public no-argument constructor with the defaults above. */
    public TwoMoonsDataSource() {
    }

    @Override
    public void configure(Properties properties) {
        if (properties == null) {
            return;
        }
        seed = Long.parseLong(properties.getProperty(SEED, Long.toString(seed)));
        labeled = positive(properties, LABELED, labeled);
        unlabeled = positive(properties, UNLABELED, unlabeled);
        validation = positive(properties, VALIDATION, validation);
        batchSize = positive(properties, BATCH_SIZE, batchSize);
        unlabeledRatio = positive(properties, UNLABELED_RATIO, unlabeledRatio);
        batchesPerEpoch = positive(properties, BATCHES_PER_EPOCH, batchesPerEpoch);
        noise = Double.parseDouble(properties.getProperty(NOISE, Double.toString(noise)));
        if (!(noise >= 0 && noise < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(NOISE + " must be finite and >= 0, found " + noise);
        }
    }

    private static int positive(Properties p, String key, int def) {
        int v = Integer.parseInt(p.getProperty(key, Integer.toString(def)));
        if (v < 1) {
            throw new IllegalArgumentException(key + " must be >= 1, found " + v);
        }
        return v;
    }

    /** @return a {@link DataSetIterator} of FixMatch minibatches (same batches after every reset) */
    @Override
    public Object trainData() {
        Random random = new Random(seed);
        DataSet labeledSet = moons(labeled, random);
        DataSet unlabeledSet = moons(unlabeled, random);
        int n = batchSize * unlabeledRatio;
        List<DataSet> batches = new ArrayList<>(batchesPerEpoch);
        for (int b = 0; b < batchesPerEpoch; b++) {
            int[] li = random.ints(batchSize, 0, labeled).toArray();
            int[] ui = random.ints(n, 0, unlabeled).toArray();
            INDArray lx = labeledSet.getFeatures().getRows(li);
            INDArray ly = labeledSet.getLabels().getRows(li);
            INDArray ux = unlabeledSet.getFeatures().getRows(ui);
            batches.add(FixMatchBatchLayout.assemble(lx, ly, jitter(ux, WEAK_JITTER, random),
                    jitter(ux, STRONG_JITTER, random)));
        }
        return new ExistingDataSetIterator(batches);
    }

    /** @return a {@link DataSetIterator} over the validation points (one minibatch) */
    @Override
    public Object testData() {
        // Its own stream: the validation points never coincide with (and do not depend on) the training draws.
        Random random = new Random(seed ^ 0x5DEECE66DL);
        return new ExistingDataSetIterator(List.of(moons(validation, random)));
    }

    @Override
    public Class<?> getDataType() {
        return DataSetIterator.class;
    }

    private DataSet moons(int count, Random random) {
        double[][] x = new double[count][2];
        double[][] y = new double[count][2];
        for (int i = 0; i < count; i++) {
            int cls = random.nextInt(2);
            double t = Math.PI * random.nextDouble();
            x[i][0] = (cls == 0 ? Math.cos(t) : 1 - Math.cos(t)) + noise * random.nextGaussian();
            x[i][1] = (cls == 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * random.nextGaussian();
            y[i][cls] = 1;
        }
        return new DataSet(Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.create(y).castTo(DataType.FLOAT));
    }

    private static INDArray jitter(INDArray x, double sd, Random random) {
        double[][] d = x.toDoubleMatrix();
        for (double[] row : d) {
            for (int j = 0; j < row.length; j++) {
                row[j] += sd * random.nextGaussian();
            }
        }
        return Nd4j.create(d).castTo(x.dataType());
    }
}
