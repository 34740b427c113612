package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * WORKAROUND for DL4J 1.0.0-M2.1 only: the class DL4J's oneDNN layer helpers look for, and that M2.1 does not ship.
 *
 * <p><b>Why it exists.</b> {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} decides whether
 * any oneDNN layer helper (convolution, batch normalisation, pooling, LRN) may be used by loading
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by reflection and calling {@code getInstance().isUseMKLDNN()}. In
 * M2.1 the JavaCPP binding lives in {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and its method is called
 * {@code isUseONEDNN()}, so the lookup fails, DL4J logs {@code Cannot find class [org.nd4j.nativeblas.Nd4jCpu$Environment]}
 * and silently drops every helper, even with the {@code linux-x86_64-onednn} natives on the classpath. This class gives
 * the lookup the name and methods it expects and answers with the real binding's {@code isUseONEDNN()}.
 *
 * <p><b>When it can be removed.</b> As soon as spl4j moves to a DL4J release whose {@code BaseMKLDNNHelper} looks up
 * the binding class that release really ships (check that release's {@code BaseMKLDNNHelper}), or when DL4J's
 * helpers are no longer used. It is not used by anything else; {@code io.github.spl4j.dl4j.cpu.OneDnnSupport} turns
 * the helpers on and verifies that they load.
 *
 * <p>It has to live in this package under this name: that is the string DL4J looks up.
 */
public final class Nd4jCpu {
    private static final String BINDING_ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

    private Nd4jCpu() {
    }

    /** Stand-in for the native environment DL4J M2.1 looks up; delegates to the real binding. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /**
         * @return the single instance
         */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * Whether libnd4j was built with oneDNN and uses it, as reported by the real binding's
         * {@code isUseONEDNN()}.
         *
         * @return true if oneDNN is available and switched on; false if not, or if the CPU backend is not on the
         *         classpath
         */
        public boolean isUseMKLDNN() {
            try {
                Class<?> binding = Class.forName(BINDING_ENVIRONMENT);
                Object environment = binding.getMethod("getInstance").invoke(null);
                Method isUseOneDnn = binding.getMethod("isUseONEDNN");
                return (Boolean) isUseOneDnn.invoke(environment);
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return false;
            }
        }
    }
}
