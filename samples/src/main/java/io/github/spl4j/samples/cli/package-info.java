/**
 * The sub-commands of the {@code spl} app (picocli). The train options and {@code --config} files are parsed into the
 * trainer's {@link io.github.spl4j.dl4j.train.FixMatchConfig} ({@link io.github.spl4j.samples.cli.TrainOptions}).
 */
package io.github.spl4j.samples.cli;
