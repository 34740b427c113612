/**
 * Which ND4J backend (CPU or CUDA) and which native helpers (oneDNN, cuDNN) a JVM runs with:
 * {@link io.github.spl4j.dl4j.backend.BackendInfo}, printed by the app at start.
 */
package io.github.spl4j.dl4j.backend;
