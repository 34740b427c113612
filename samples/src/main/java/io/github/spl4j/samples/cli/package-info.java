/**
 * The sub-commands of the {@code spl} app (picocli) and {@link io.github.spl4j.samples.cli.TrainSettings}, the
 * validated settings the train options and {@code --config} files are parsed into.
 */
package io.github.spl4j.samples.cli;
