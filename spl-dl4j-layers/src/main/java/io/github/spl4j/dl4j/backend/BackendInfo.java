package io.github.spl4j.dl4j.backend;

import java.util.Locale;
import java.util.Objects;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * What this JVM computes with: the ND4J backend (CPU or CUDA), the device count, whether the loaded libnd4j was built
 * with oneDNN or cuDNN, whether DL4J's layer helpers are switched on and which helper a convolution layer actually
 * gets. The app logs {@link #summary()} at start.
 *
 * <p>DL4J 1.0.0-M2.1 creates layer helpers only if the system property {@value #DL4J_HELPERS_DISABLE_PROPERTY} is
 * {@code false} when a layer is created (default {@code true}). On the CPU the helpers are oneDNN ones; on CUDA DL4J
 * looks for its cuDNN helper classes ({@code org.deeplearning4j.cuda.*}, formerly in {@code deeplearning4j-cuda-11.x}),
 * which are not published for 1.0.0-M2 or M2.1, so CUDA layers use the built-in path (cuBLAS) and {@link
 * #convolutionHelper()} says so. The {@code -cudnn} natives still give libnd4j's own ops cuDNN (see docs/GPU.md).
 *
 * <p>Immutable; {@link #detect()} builds a tiny probe network once per call (milliseconds).
 */
public final class BackendInfo {
    /** DL4J's switch for layer helpers (default {@code true}, i.e. helpers off). */
    public static final String DL4J_HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** What {@link #convolutionHelper()} holds when a convolution layer runs DL4J's built-in implementation. */
    public static final String BUILT_IN = "built-in";

    private final String backend;
    private final String backendClass;
    private final int devices;
    private final boolean oneDnnBuild;
    private final boolean cuDnnBuild;
    private final boolean layerHelpersEnabled;
    private final String convolutionHelper;

    /**
     * @param backend             "CPU", "CUDA" or another backend name reported by ND4J
     * @param backendClass        simple class name of the ND4J backend
     * @param devices             devices ND4J can use, &gt;= 1
     * @param oneDnnBuild         whether libnd4j was built with oneDNN
     * @param cuDnnBuild          whether libnd4j was built with cuDNN
     * @param layerHelpersEnabled whether DL4J's layer-helper property allows helpers
     * @param convolutionHelper   class name of a probe convolution layer's helper, or {@link #BUILT_IN}
     * @throws IllegalArgumentException if {@code devices} &lt; 1 or a string is null
     */
    public BackendInfo(String backend, String backendClass, int devices, boolean oneDnnBuild, boolean cuDnnBuild,
                       boolean layerHelpersEnabled, String convolutionHelper) {
        if (backend == null || backendClass == null || convolutionHelper == null) {
            throw new IllegalArgumentException("backend, backendClass and convolutionHelper must not be null");
        }
        if (devices < 1) {
            throw new IllegalArgumentException("devices must be >= 1, found " + devices);
        }
        this.backend = backend;
        this.backendClass = backendClass;
        this.devices = devices;
        this.oneDnnBuild = oneDnnBuild;
        this.cuDnnBuild = cuDnnBuild;
        this.layerHelpersEnabled = layerHelpersEnabled;
        this.convolutionHelper = convolutionHelper;
    }

    /**
     * Detects the backend of this JVM (loading ND4J if it is not loaded yet).
     *
     * @return what is in use now; call it after helpers were enabled (before the first network is built) so that
     *         {@link #convolutionHelper()} reflects the training networks
     * @throws RuntimeException if no ND4J backend can be loaded (ND4J's own message says why)
     */
    public static BackendInfo detect() {
        String name = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "unknown");
        String cls = Nd4j.getBackend().getClass().getSimpleName();
        int devices = Math.max(1, Nd4j.getAffinityManager().getNumberOfDevices());
        String build = buildInfo();
        boolean helpers = !Boolean.parseBoolean(System.getProperty(DL4J_HELPERS_DISABLE_PROPERTY, "true"));
        return new BackendInfo(name.toUpperCase(Locale.ROOT), cls, devices, build.contains("HAVE_ONEDNN"),
                build.contains("HAVE_CUDNN"), helpers, probeConvolutionHelper());
    }

    private static String buildInfo() {
        try {
            String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
            return info == null ? "" : info;
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }

    private static String probeConvolutionHelper() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(1, 1).nIn(1).nOut(1).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(1, 1, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Layer conv = net.getLayer(0);
        LayerHelper helper = conv.getHelper();
        return helper == null ? BUILT_IN : helper.getClass().getName();
    }

    /** @return "CPU", "CUDA" or another backend name reported by ND4J */
    public String backend() {
        return backend;
    }

    /** @return true on the CUDA backend */
    public boolean isCuda() {
        return "CUDA".equals(backend);
    }

    /** @return simple class name of the ND4J backend (e.g. CpuBackend, JCublasBackend) */
    public String backendClass() {
        return backendClass;
    }

    /** @return devices ND4J can use (GPUs on CUDA; 1 on the CPU) */
    public int devices() {
        return devices;
    }

    /** @return whether the loaded libnd4j was built with oneDNN (the CPU -onednn natives) */
    public boolean oneDnnBuild() {
        return oneDnnBuild;
    }

    /** @return whether the loaded libnd4j was built with cuDNN (the CUDA -cudnn natives) */
    public boolean cuDnnBuild() {
        return cuDnnBuild;
    }

    /** @return whether {@value #DL4J_HELPERS_DISABLE_PROPERTY} is {@code false} (DL4J creates layer helpers) */
    public boolean layerHelpersEnabled() {
        return layerHelpersEnabled;
    }

    /** @return the helper class a new convolution layer gets, or {@link #BUILT_IN} */
    public String convolutionHelper() {
        return convolutionHelper;
    }

    /** @return one line for the log, e.g. {@code ND4J backend CPU (CpuBackend, 1 device); libnd4j: oneDNN yes, ...} */
    public String summary() {
        String layerPath;
        if (!layerHelpersEnabled) {
            layerPath = "DL4J layer helpers off (" + DL4J_HELPERS_DISABLE_PROPERTY + " is not false)";
        } else if (BUILT_IN.equals(convolutionHelper)) {
            layerPath = "DL4J layer helpers on, but convolution uses the built-in path"
                    + (isCuda() ? " (DL4J 1.0.0-M2.1 publishes no cuDNN layer helpers)" : "");
        } else {
            layerPath = "DL4J layer helpers on, convolution helper "
                    + convolutionHelper.substring(convolutionHelper.lastIndexOf('.') + 1);
        }
        return "ND4J backend " + backend + " (" + backendClass + ", " + devices + (devices == 1 ? " device" : " devices")
                + "); libnd4j: oneDNN " + (oneDnnBuild ? "yes" : "no") + ", cuDNN " + (cuDnnBuild ? "yes" : "no")
                + "; " + layerPath;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BackendInfo)) {
            return false;
        }
        BackendInfo b = (BackendInfo) o;
        return backend.equals(b.backend) && backendClass.equals(b.backendClass) && devices == b.devices
                && oneDnnBuild == b.oneDnnBuild && cuDnnBuild == b.cuDnnBuild
                && layerHelpersEnabled == b.layerHelpersEnabled && convolutionHelper.equals(b.convolutionHelper);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backend, backendClass, devices, oneDnnBuild, cuDnnBuild, layerHelpersEnabled,
                convolutionHelper);
    }

    @Override
    public String toString() {
        return "BackendInfo(backend=" + backend + ", backendClass=" + backendClass + ", devices=" + devices
                + ", oneDnnBuild=" + oneDnnBuild + ", cuDnnBuild=" + cuDnnBuild + ", layerHelpersEnabled="
                + layerHelpersEnabled + ", convolutionHelper=" + convolutionHelper + ")";
    }
}
