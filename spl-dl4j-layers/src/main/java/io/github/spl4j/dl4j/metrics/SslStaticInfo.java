package io.github.spl4j.dl4j.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * What does not change during a session, as a DL4J storage static-info record: the network's class and parameter
 * count and the semi-supervised loss's description (its weighting, τ, λu). {@link SslStatsListener} writes one per
 * session and worker before the first {@link SslStatsReport}, so a UI can list the sessions that carry SSL metrics
 * ({@code storage.getAllStaticInfos(sessionID, SslStatsListener.TYPE_ID)}).
 */
public final class SslStaticInfo extends SslStorageRecord {
    private static final long serialVersionUID = 1L;
    private static final byte KIND = 1;

    private String modelClass;
    private long numParams;
    private String lossDescription;

    /** For DL4J's storages, which create the record and then {@linkplain #decode(byte[]) decode} it. */
    public SslStaticInfo() {
    }

    /**
     * @param sessionID       the training session, not empty
     * @param typeID          the producer type, not empty (normally {@link SslStatsListener#TYPE_ID})
     * @param workerID        the worker, not empty
     * @param timeStamp       milliseconds since the epoch, {@code >= 0}
     * @param modelClass      the network's class name, not null
     * @param numParams       the network's parameter count, {@code >= 0}
     * @param lossDescription the {@code toString()} of the network's semi-supervised loss, or null if it has none
     * @throws IllegalArgumentException if an ID is empty, or the timestamp or parameter count negative
     * @throws NullPointerException     if an ID or the model class is null
     */
    public SslStaticInfo(String sessionID, String typeID, String workerID, long timeStamp, String modelClass,
                         long numParams, String lossDescription) {
        super(sessionID, typeID, workerID, timeStamp);
        this.modelClass = Objects.requireNonNull(modelClass, "modelClass");
        if (numParams < 0) {
            throw new IllegalArgumentException("numParams must be >= 0, found " + numParams);
        }
        this.numParams = numParams;
        this.lossDescription = lossDescription;
    }

    /** @return the network's class name, e.g. {@code org.deeplearning4j.nn.graph.ComputationGraph} */
    public String getModelClass() {
        return modelClass;
    }

    /** @return the network's parameter count */
    public long getNumParams() {
        return numParams;
    }

    /** @return the semi-supervised loss's description, or null if the network has no such loss */
    public String getLossDescription() {
        return lossDescription;
    }

    @Override
    byte kind() {
        return KIND;
    }

    @Override
    void writeBody(DataOutput out) throws IOException {
        out.writeUTF(modelClass);
        out.writeLong(numParams);
        writeNullable(out, lossDescription);
    }

    @Override
    void readBody(DataInput in) throws IOException {
        modelClass = in.readUTF();
        numParams = in.readLong();
        lossDescription = readNullable(in);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof SslStaticInfo s && sameHeader(s) && Objects.equals(modelClass, s.modelClass)
                && numParams == s.numParams && Objects.equals(lossDescription, s.lossDescription);
    }

    @Override
    public int hashCode() {
        return Objects.hash(headerHash(), modelClass, numParams, lossDescription);
    }

    @Override
    public String toString() {
        return "SslStaticInfo(" + headerString() + ", modelClass=" + modelClass + ", numParams=" + numParams
                + ", loss=" + lossDescription + ")";
    }
}
