package io.github.spl4j.dl4j.cpu;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns on DL4J's oneDNN layer helpers (convolution, batch normalisation, pooling) on the CPU backend and checks that
 * they really load.
 *
 * <p>DL4J 1.0.0-M2.1 ships oneDNN inside the {@code nd4j-native} {@code linux-x86_64-onednn} natives but never calls it
 * from its layers: the helpers are off unless the system property {@value #DL4J_HELPERS_DISABLE_PROPERTY} is
 * {@code false} when the layers are created, and even then a wrong class name makes DL4J drop them silently (the
 * workaround for that is {@link org.nd4j.nativeblas.Nd4jCpu}). On the SmallCNN step this is the difference between
 * about 5 and 0.6 CPU-seconds.
 *
 * <p>spl4j calls {@link #ensureEnabled()} itself before any of its networks is built (model builders and the static
 * initialisers of its layer configurations), so users need not call anything. The first call sets the DL4J property,
 * builds a one-layer probe network, checks that its convolution layer got DL4J's oneDNN helper and logs one INFO line
 * saying which path is in use. Later calls return the same {@link Status}.
 *
 * <p>To turn it off, start the JVM with {@code -D}{@value #DISABLE_PROPERTY}{@code =true}: spl4j then leaves DL4J's
 * property alone. A user who sets {@value #DL4J_HELPERS_DISABLE_PROPERTY}{@code =true} explicitly is respected too.
 */
public final class OneDnnSupport {
    /** System property that, when {@code true}, keeps spl4j from turning the oneDNN helpers on. */
    public static final String DISABLE_PROPERTY = "spl4j.onednn.disable";
    /** DL4J's own switch for layer helpers (default {@code true}, i.e. helpers off). */
    public static final String DL4J_HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private static final String ONEDNN_HELPER_PACKAGE = "org.deeplearning4j.nn.layers.mkldnn.";
    private static final Logger log = LoggerFactory.getLogger(OneDnnSupport.class);
    private static final Object LOCK = new Object();
    private static volatile Status status;

    /** Which layer path DL4J uses on this JVM. */
    public enum Status {
        /** DL4J's oneDNN layer helpers load (verified on a probe convolution layer). */
        ACTIVE,
        /** Switched off by {@value OneDnnSupport#DISABLE_PROPERTY} or by DL4J's own property set to true. */
        DISABLED_BY_PROPERTY,
        /** Helpers were enabled but did not load: not the CPU backend, or natives without oneDNN. */
        UNAVAILABLE
    }

    private OneDnnSupport() {
    }

    /**
     * Enables DL4J's oneDNN layer helpers unless switched off, verifies them once and logs the outcome once.
     * Idempotent and thread-safe; must run before the layers are created ({@code init()}) to affect them.
     *
     * @return the path in use
     */
    public static Status ensureEnabled() {
        Status s = status;
        if (s != null) {
            return s;
        }
        synchronized (LOCK) {
            if (status == null) {
                status = enable();
            }
            return status;
        }
    }

    /**
     * @return the status determined by {@link #ensureEnabled()}, or {@code null} if it has not run yet
     */
    public static Status status() {
        return status;
    }

    /**
     * Whether a layer uses one of DL4J's oneDNN helpers.
     *
     * @param layer an initialised layer of a network
     * @return true if its helper is one of DL4J's oneDNN helpers
     * @throws NullPointerException if {@code layer} is null
     */
    public static boolean isOneDnnHelper(Layer layer) {
        LayerHelper helper = layer.getHelper();
        return helper != null && helper.getClass().getName().startsWith(ONEDNN_HELPER_PACKAGE);
    }

    private static Status enable() {
        if (Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "false"))) {
            log.info("DL4J layer path: built-in (oneDNN layer helpers not enabled because {}=true)", DISABLE_PROPERTY);
            return Status.DISABLED_BY_PROPERTY;
        }
        String userValue = System.getProperty(DL4J_HELPERS_DISABLE_PROPERTY);
        if (userValue != null && Boolean.parseBoolean(userValue)) {
            log.info("DL4J layer path: built-in (oneDNN layer helpers not enabled because {}=true was set)",
                    DL4J_HELPERS_DISABLE_PROPERTY);
            return Status.DISABLED_BY_PROPERTY;
        }
        System.setProperty(DL4J_HELPERS_DISABLE_PROPERTY, "false");
        String probeHelper;
        try {
            probeHelper = probeConvolutionHelper();
        } catch (RuntimeException | LinkageError e) {
            log.warn("DL4J layer path: built-in (could not verify oneDNN layer helpers: {})", e.toString());
            return Status.UNAVAILABLE;
        }
        if (probeHelper != null && probeHelper.startsWith(ONEDNN_HELPER_PACKAGE)) {
            log.info("DL4J layer path: oneDNN layer helpers active (verified: probe convolution uses {}); "
                    + "set -D{}=true to turn them off", probeHelper, DISABLE_PROPERTY);
            return Status.ACTIVE;
        }
        log.info("DL4J layer path: built-in (oneDNN layer helpers enabled but not loaded, probe convolution helper: "
                + "{}; the CPU backend with the linux-x86_64-onednn natives is needed)", probeHelper);
        return Status.UNAVAILABLE;
    }

    /** Builds a one-convolution network and returns its convolution layer's helper class name, or null. */
    private static String probeConvolutionHelper() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1)
                .list()
                .layer(new ConvolutionLayer.Builder(1, 1).nIn(1).nOut(1).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(1, 1, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        LayerHelper helper = net.getLayer(0).getHelper();
        return helper == null ? null : helper.getClass().getName();
    }
}
