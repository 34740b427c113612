/** Learning-rate schedules of FixMatch as ND4J {@link org.nd4j.linalg.schedule.ISchedule}s. */
package io.github.spl4j.dl4j.schedule;
