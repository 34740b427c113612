package io.github.spl4j.dl4j.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendInfoTest {

    @Test
    void detectsTheCpuBackendOfTheTestClasspath() {
        BackendInfo info = BackendInfo.detect();
        assertEquals("CPU", info.backend());
        assertEquals("CpuBackend", info.backendClass());
        assertFalse(info.isCuda());
        assertFalse(info.cuDnnBuild(), "CPU natives are never built with cuDNN");
        assertTrue(info.summary().startsWith("ND4J backend CPU (CpuBackend, "), info.summary());
        // Unless helpers are switched on and load, a convolution layer runs the built-in path.
        if (!info.layerHelpersEnabled()) {
            assertEquals(BackendInfo.BUILT_IN, info.convolutionHelper());
        }
    }

    @Test
    void summaryNamesEachPath() {
        BackendInfo cudaNoHelpers = new BackendInfo("CUDA", "JCublasBackend", 2, false, true, true,
                BackendInfo.BUILT_IN);
        assertEquals("ND4J backend CUDA (JCublasBackend, 2 devices); libnd4j: oneDNN no, cuDNN yes; DL4J layer "
                + "helpers on, but convolution uses the built-in path (DL4J 1.0.0-M2.1 publishes no cuDNN layer "
                + "helpers)", cudaNoHelpers.summary());
        BackendInfo cpuOneDnn = new BackendInfo("CPU", "CpuBackend", 1, true, false, true,
                "org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper");
        assertEquals("ND4J backend CPU (CpuBackend, 1 device); libnd4j: oneDNN yes, cuDNN no; DL4J layer helpers "
                + "on, convolution helper MKLDNNConvHelper", cpuOneDnn.summary());
        BackendInfo off = new BackendInfo("CPU", "CpuBackend", 1, false, false, false, BackendInfo.BUILT_IN);
        assertTrue(off.summary().endsWith("DL4J layer helpers off (org.eclipse.deeplearning4j.helpers.disable is "
                + "not false)"), off.summary());
    }

    @Test
    void constructorValidates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BackendInfo("CPU", "CpuBackend", 0, false, false, false, BackendInfo.BUILT_IN));
        assertEquals("devices must be >= 1, found 0", e.getMessage());
        assertEquals(new BackendInfo("CPU", "C", 1, true, false, true, "x"),
                new BackendInfo("CPU", "C", 1, true, false, true, "x"));
    }
}
