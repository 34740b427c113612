/**
 * The EMA teacher: an exponential moving average of the student's weights that FixMatch evaluates
 * ({@link io.github.spl4j.dl4j.ema.EmaTeacherListener}), and optionally the source of the pseudo-labels
 * ({@link io.github.spl4j.dl4j.ema.TeacherPseudoLabels}).
 */
package io.github.spl4j.dl4j.ema;
