package io.github.spl4j.dl4j.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;

import org.deeplearning4j.core.storage.StorageMetaData;

/**
 * The storage metadata of an SSL metrics session: names the classes of its static info ({@link SslStaticInfo}) and
 * updates ({@link SslStatsReport}), as DL4J's {@code StatsListener} does for its own records, so that a storage
 * reader can tell which records a session and type hold ({@code storage.getStorageMetaData(sessionID, typeID)}).
 */
public final class SslStorageMetaData extends SslStorageRecord implements StorageMetaData {
    private static final long serialVersionUID = 1L;
    private static final byte KIND = 3;

    private String initTypeClass;
    private String updateTypeClass;

    /** For DL4J's storages, which create the record and then {@linkplain #decode(byte[]) decode} it. */
    public SslStorageMetaData() {
    }

    /**
     * Metadata naming {@link SslStaticInfo} and {@link SslStatsReport}.
     *
     * @param sessionID the training session, not empty
     * @param typeID    the producer type, not empty (normally {@link SslStatsListener#TYPE_ID})
     * @param workerID  the worker, not empty
     * @param timeStamp milliseconds since the epoch, {@code >= 0}
     * @throws IllegalArgumentException if an ID is empty or the timestamp negative
     * @throws NullPointerException     if an ID is null
     */
    public SslStorageMetaData(String sessionID, String typeID, String workerID, long timeStamp) {
        super(sessionID, typeID, workerID, timeStamp);
        this.initTypeClass = SslStaticInfo.class.getName();
        this.updateTypeClass = SslStatsReport.class.getName();
    }

    /** @return the class name of the session's static info, {@link SslStaticInfo} */
    @Override
    public String getInitTypeClass() {
        return initTypeClass;
    }

    /** @return the class name of the session's updates, {@link SslStatsReport} */
    @Override
    public String getUpdateTypeClass() {
        return updateTypeClass;
    }

    /** @return null: there is no extra metadata */
    @Override
    public Serializable getExtraMetaData() {
        return null;
    }

    @Override
    byte kind() {
        return KIND;
    }

    @Override
    void writeBody(DataOutput out) throws IOException {
        out.writeUTF(initTypeClass);
        out.writeUTF(updateTypeClass);
    }

    @Override
    void readBody(DataInput in) throws IOException {
        initTypeClass = in.readUTF();
        updateTypeClass = in.readUTF();
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof SslStorageMetaData m && sameHeader(m)
                && Objects.equals(initTypeClass, m.initTypeClass) && Objects.equals(updateTypeClass, m.updateTypeClass);
    }

    @Override
    public int hashCode() {
        return Objects.hash(headerHash(), initTypeClass, updateTypeClass);
    }

    @Override
    public String toString() {
        return "SslStorageMetaData(" + headerString() + ", initTypeClass=" + initTypeClass + ", updateTypeClass="
                + updateTypeClass + ")";
    }
}
