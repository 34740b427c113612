package io.github.spl4j.dl4j.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import org.deeplearning4j.core.storage.Persistable;

/**
 * The part shared by spl4j's DL4J storage records: the session, type and worker IDs, the timestamp and a small
 * versioned binary encoding ({@link DataOutput}: a magic number, a format version, a one-byte kind that tells the
 * record classes apart, the IDs, then the subclass's fields). DL4J's storages create a record with its public
 * no-argument constructor and then call {@code decode}, so the fields cannot be final; nothing but {@code decode}
 * changes them.
 */
abstract class SslStorageRecord implements Persistable {
    private static final long serialVersionUID = 1L;
    /** "SPL4" in ASCII: marks spl4j's records so a wrong byte array is reported rather than misread. */
    private static final int MAGIC = 0x53504C34;
    private static final int FORMAT_VERSION = 1;

    private String sessionID;
    private String typeID;
    private String workerID;
    private long timeStamp;

    /** For decoding only. */
    SslStorageRecord() {
    }

    SslStorageRecord(String sessionID, String typeID, String workerID, long timeStamp) {
        this.sessionID = requireId(sessionID, "sessionID");
        this.typeID = requireId(typeID, "typeID");
        this.workerID = requireId(workerID, "workerID");
        if (timeStamp < 0) {
            throw new IllegalArgumentException("timeStamp must be >= 0 (milliseconds since the epoch), found "
                    + timeStamp);
        }
        this.timeStamp = timeStamp;
    }

    private static String requireId(String id, String name) {
        Objects.requireNonNull(id, name);
        if (id.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return id;
    }

    /** @return the training session this record belongs to */
    @Override
    public String getSessionID() {
        return sessionID;
    }

    /** @return the kind of record producer ({@link SslStatsListener#TYPE_ID} for spl4j's listener) */
    @Override
    public String getTypeID() {
        return typeID;
    }

    /** @return the worker (JVM and thread, or parallel worker) that wrote the record */
    @Override
    public String getWorkerID() {
        return workerID;
    }

    /** @return when the record was made, milliseconds since the epoch (the storages' key within a worker) */
    @Override
    public long getTimeStamp() {
        return timeStamp;
    }

    /** @return a code unique to the subclass, written after the format version */
    abstract byte kind();

    /** Writes the subclass's fields. */
    abstract void writeBody(DataOutput out) throws IOException;

    /** Reads the subclass's fields, in the order {@link #writeBody} wrote them. */
    abstract void readBody(DataInput in) throws IOException;

    /** @return the length of {@link #encode()}'s bytes */
    @Override
    public int encodingLengthBytes() {
        return encode().length;
    }

    /** @return the record as bytes (see the class comment for the format) */
    @Override
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            write(new DataOutputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + getClass().getSimpleName(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param buffer receives {@link #encode()}'s bytes at its position
     * @throws java.nio.BufferOverflowException if it has fewer than {@link #encodingLengthBytes()} bytes left
     */
    @Override
    public void encode(ByteBuffer buffer) {
        buffer.put(encode());
    }

    /**
     * @param outputStream receives {@link #encode()}'s bytes
     * @throws IOException if the stream fails
     */
    @Override
    public void encode(OutputStream outputStream) throws IOException {
        outputStream.write(encode());
    }

    /**
     * Reads this record's fields from bytes written by {@link #encode()}.
     *
     * @param decode the bytes
     * @throws IllegalArgumentException if they are not a record of this class and format version
     */
    @Override
    public void decode(byte[] decode) {
        try {
            read(new DataInputStream(new ByteArrayInputStream(decode)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode " + getClass().getSimpleName() + " from "
                    + decode.length + " bytes: " + e.getMessage(), e);
        }
    }

    /**
     * Reads this record's fields from the buffer's remaining bytes.
     *
     * @param buffer the bytes, from its position to its limit
     * @throws IllegalArgumentException if they are not a record of this class and format version
     */
    @Override
    public void decode(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        decode(bytes);
    }

    /**
     * Reads exactly one record from the stream (later bytes stay in the stream).
     *
     * @param inputStream the stream
     * @throws IOException if the stream fails or ends early
     * @throws IllegalArgumentException if the bytes are not a record of this class and format version
     */
    @Override
    public void decode(InputStream inputStream) throws IOException {
        read(new DataInputStream(inputStream));
    }

    private void write(DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeByte(kind());
        out.writeUTF(sessionID);
        out.writeUTF(typeID);
        out.writeUTF(workerID);
        out.writeLong(timeStamp);
        writeBody(out);
    }

    private void read(DataInput in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException("not an spl4j storage record: it starts with 0x"
                    + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(MAGIC));
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " format version must be "
                    + FORMAT_VERSION + ", found " + version + " (written by another spl4j version)");
        }
        int kind = in.readByte();
        if (kind != kind()) {
            throw new IllegalArgumentException("the bytes hold an spl4j record of kind " + kind + ", not a "
                    + getClass().getSimpleName() + " (kind " + kind() + ")");
        }
        sessionID = in.readUTF();
        typeID = in.readUTF();
        workerID = in.readUTF();
        timeStamp = in.readLong();
        readBody(in);
    }

    /** Writes a string that may be null. */
    static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    /** Reads a string written by {@link #writeNullable}. */
    static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    /** @return whether the IDs and timestamp equal the other record's */
    boolean sameHeader(SslStorageRecord o) {
        return timeStamp == o.timeStamp && Objects.equals(sessionID, o.sessionID) && Objects.equals(typeID, o.typeID)
                && Objects.equals(workerID, o.workerID);
    }

    /** @return a hash of the IDs and timestamp */
    int headerHash() {
        return Objects.hash(sessionID, typeID, workerID, timeStamp);
    }

    /** @return {@code sessionID=…, typeID=…, workerID=…, timeStamp=…} */
    String headerString() {
        return "sessionID=" + sessionID + ", typeID=" + typeID + ", workerID=" + workerID + ", timeStamp=" + timeStamp;
    }
}
