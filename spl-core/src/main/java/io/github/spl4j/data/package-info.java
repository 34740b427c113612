/**
 * FixMatch data: the minibatch layout {@code [B labelled | N weak | N strong]}, label splits, dataset readers and the
 * FixMatch iterator.
 */
package io.github.spl4j.data;
