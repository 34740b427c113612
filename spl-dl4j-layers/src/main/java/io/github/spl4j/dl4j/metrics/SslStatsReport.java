package io.github.spl4j.dl4j.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * One training step's semi-supervised metrics ({@link StepMetrics}) as a DL4J storage update record, written by
 * {@link SslStatsListener} into a {@code StatsStorageRouter} and read back from a {@code StatsStorage}
 * ({@code InMemoryStatsStorage}, {@code FileStatsStorage}, or a UI server behind a {@code RemoteUIStatsStorageRouter}).
 *
 * <p>Read it back with {@code storage.getAllUpdatesAfter(sessionID, SslStatsListener.TYPE_ID, workerID, 0)}: each
 * element is an {@code SslStatsReport}; {@link #getMetrics()} gives the step's values exactly as the listener saw
 * them (doubles are stored bit for bit, {@code NaN} for unknown values).
 */
public final class SslStatsReport extends SslStorageRecord {
    private static final long serialVersionUID = 1L;
    private static final byte KIND = 2;

    private StepMetrics metrics;

    /** For DL4J's storages, which create the record and then {@linkplain #decode(byte[]) decode} it. */
    public SslStatsReport() {
    }

    /**
     * @param sessionID the training session, not empty
     * @param typeID    the producer type, not empty (normally {@link SslStatsListener#TYPE_ID})
     * @param workerID  the worker, not empty
     * @param timeStamp milliseconds since the epoch, {@code >= 0}; unique per session, type and worker (the
     *                  storages key updates by it)
     * @param metrics   the step's metrics
     * @throws IllegalArgumentException if an ID is empty or the timestamp negative
     * @throws NullPointerException     if an argument is null
     */
    public SslStatsReport(String sessionID, String typeID, String workerID, long timeStamp, StepMetrics metrics) {
        super(sessionID, typeID, workerID, timeStamp);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** @return the step's metrics */
    public StepMetrics getMetrics() {
        return metrics;
    }

    @Override
    byte kind() {
        return KIND;
    }

    @Override
    void writeBody(DataOutput out) throws IOException {
        out.writeLong(metrics.step());
        out.writeDouble(metrics.supervisedLoss());
        out.writeDouble(metrics.unsupervisedLoss());
        out.writeDouble(metrics.totalLoss());
        out.writeDouble(metrics.score());
        out.writeDouble(metrics.meanWeight());
        out.writeDouble(metrics.fractionWeighted());
        out.writeDouble(metrics.meanConfidence());
        out.writeDouble(metrics.pseudoLabelAccuracy());
        out.writeDouble(metrics.learningRate());
        out.writeDouble(metrics.stepSeconds());
    }

    @Override
    void readBody(DataInput in) throws IOException {
        metrics = new StepMetrics(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof SslStatsReport r && sameHeader(r) && Objects.equals(metrics, r.metrics);
    }

    @Override
    public int hashCode() {
        return 31 * headerHash() + Objects.hashCode(metrics);
    }

    @Override
    public String toString() {
        return "SslStatsReport(" + headerString() + ", metrics=" + metrics + ")";
    }
}
