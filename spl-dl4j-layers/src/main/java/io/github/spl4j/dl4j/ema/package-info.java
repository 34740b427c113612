/**
 * The EMA teacher: an exponential moving average of the student's weights that FixMatch evaluates
 * ({@link io.github.spl4j.dl4j.ema.EmaTeacherListener}).
 */
package io.github.spl4j.dl4j.ema;
