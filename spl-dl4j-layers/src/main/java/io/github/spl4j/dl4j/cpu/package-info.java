/**
 * CPU speed for DL4J: {@link io.github.spl4j.dl4j.cpu.OneDnnSupport} turns DL4J's oneDNN layer helpers on (and off
 * with {@code -Dspl4j.onednn.disable=true}) and verifies that they load. The DL4J 1.0.0-M2.1 class-name workaround it
 * relies on is isolated in {@link org.nd4j.nativeblas.Nd4jCpu}.
 */
package io.github.spl4j.dl4j.cpu;
