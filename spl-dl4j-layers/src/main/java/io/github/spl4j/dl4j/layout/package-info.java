/**
 * Guards that FixMatch minibatches reach the loss whole when training is distributed (ParallelWrapper, Spark):
 * {@link io.github.spl4j.dl4j.layout.FixMatchLayoutGuard} checks each batch before it is handed out and, as a training
 * listener, what the loss on each worker actually saw.
 */
package io.github.spl4j.dl4j.layout;
