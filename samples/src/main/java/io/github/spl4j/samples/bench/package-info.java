/**
 * Benchmarks run by {@code spl bench}: the SmallCNN CPU training step ({@link
 * io.github.spl4j.samples.bench.CpuStepBenchmark}), the loss in a full step ({@link
 * io.github.spl4j.samples.bench.LossStepBenchmark}), throughput ({@link
 * io.github.spl4j.samples.bench.ThroughputBenchmark}), the input pipeline ({@link
 * io.github.spl4j.samples.bench.TrainerStepBenchmark}), memory over a run ({@link
 * io.github.spl4j.samples.bench.MemoryBenchmark}), and their small validated helpers.
 */
package io.github.spl4j.samples.bench;
