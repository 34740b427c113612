/** Benchmarks: {@link io.github.spl4j.samples.bench.CpuStepBenchmark}, the SmallCNN CPU training step. */
package io.github.spl4j.samples.bench;
