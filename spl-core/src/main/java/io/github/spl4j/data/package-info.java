/**
 * FixMatch data: datasets and their readers, label splits, and the iterators that feed a DL4J network.
 *
 * <ul>
 *   <li>{@link io.github.spl4j.data.ImageDataset}: images + labels + class names, read by
 *   {@link io.github.spl4j.data.FashionMnistReader}, {@link io.github.spl4j.data.Cifar10Reader} and
 *   {@link io.github.spl4j.data.ImageFolderReader}; unreadable files raise a
 *   {@link io.github.spl4j.data.DatasetException} that names the file and what to do.</li>
 *   <li>{@link io.github.spl4j.data.LabelSplit}: which training images are labelled, unlabelled or held out for
 *   validation; seeded and saved as JSON with the run.</li>
 *   <li>{@link io.github.spl4j.data.FixMatchDataSetIterator}: the infinite stream of FixMatch minibatches
 *   {@code [B labelled | N weak | N strong]} (layout: {@link io.github.spl4j.data.FixMatchBatchLayout}), built on
 *   worker threads, deterministic per (seed, step) and resumable;
 *   {@link io.github.spl4j.data.EvaluationDataSetIterator} for test and validation error.</li>
 * </ul>
 */
package io.github.spl4j.data;
