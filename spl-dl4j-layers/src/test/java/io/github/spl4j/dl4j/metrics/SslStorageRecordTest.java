package io.github.spl4j.dl4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;

import org.deeplearning4j.core.storage.Persistable;
import org.junit.jupiter.api.Test;

class SslStorageRecordTest {
    private static final StepMetrics METRICS = new StepMetrics(41, 0.7, 0.25, 1.2, 1.2003, 0.375, 0.5, 0.93,
            Double.NaN, 0.0299, 0.081);

    private static SslStatsReport report(long ts) {
        return new SslStatsReport("session-1", SslStatsListener.TYPE_ID, "worker_7", ts, METRICS);
    }

    @Test
    void reportRoundTripsThroughBytesBufferAndStreamBitForBit() throws IOException {
        SslStatsReport r = report(1_700_000_000_123L);
        byte[] bytes = r.encode();
        assertEquals(bytes.length, r.encodingLengthBytes());

        SslStatsReport fromBytes = new SslStatsReport();
        fromBytes.decode(bytes);
        assertEquals(r, fromBytes);
        assertEquals(METRICS, fromBytes.getMetrics());
        assertTrue(Double.isNaN(fromBytes.getMetrics().pseudoLabelAccuracy()));
        assertEquals("session-1", fromBytes.getSessionID());
        assertEquals(SslStatsListener.TYPE_ID, fromBytes.getTypeID());
        assertEquals("worker_7", fromBytes.getWorkerID());
        assertEquals(1_700_000_000_123L, fromBytes.getTimeStamp());

        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 3);
        buffer.put((byte) 9);
        r.encode(buffer);
        assertEquals(1 + bytes.length, buffer.position());
        buffer.flip().position(1);
        SslStatsReport fromBuffer = new SslStatsReport();
        fromBuffer.decode(buffer);
        assertEquals(r, fromBuffer);

        // two records in one stream: decode(InputStream) reads exactly one
        SslStatsReport second = report(1_700_000_000_124L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.encode(out);
        second.encode(out);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        SslStatsReport a = new SslStatsReport();
        SslStatsReport b = new SslStatsReport();
        a.decode(in);
        b.decode(in);
        assertEquals(r, a);
        assertEquals(second, b);
        assertNotEquals(a, b);
        assertEquals(0, in.available());
    }

    @Test
    void staticInfoAndMetaDataRoundTrip() {
        SslStaticInfo info = new SslStaticInfo("s", SslStatsListener.TYPE_ID, "w", 5, "a.b.Net", 1234, null);
        SslStaticInfo infoBack = new SslStaticInfo();
        infoBack.decode(info.encode());
        assertEquals(info, infoBack);
        assertEquals(info.hashCode(), infoBack.hashCode());
        assertNull(infoBack.getLossDescription());
        assertEquals(1234, infoBack.getNumParams());
        assertEquals("a.b.Net", infoBack.getModelClass());
        SslStaticInfo withLoss = new SslStaticInfo("s", SslStatsListener.TYPE_ID, "w", 5, "a.b.Net", 1234, "loss(τ)");
        SslStaticInfo withLossBack = new SslStaticInfo();
        withLossBack.decode(withLoss.encode());
        assertEquals("loss(τ)", withLossBack.getLossDescription());
        assertNotEquals(info, withLoss);

        SslStorageMetaData meta = new SslStorageMetaData("s", SslStatsListener.TYPE_ID, "w", 5);
        SslStorageMetaData metaBack = new SslStorageMetaData();
        metaBack.decode(meta.encode());
        assertEquals(meta, metaBack);
        assertEquals(SslStaticInfo.class.getName(), metaBack.getInitTypeClass());
        assertEquals(SslStatsReport.class.getName(), metaBack.getUpdateTypeClass());
        assertNull(metaBack.getExtraMetaData());
    }

    @Test
    void javaSerializationKeepsTheValues() throws Exception {
        SslStatsReport r = report(77);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(r, in.readObject());
        }
    }

    @Test
    void wrongBytesAreReportedNotMisread() {
        byte[] info = new SslStaticInfo("s", "t", "w", 1, "m", 1, null).encode();
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> new SslStatsReport().decode(info));
        assertTrue(kind.getMessage().contains("kind 1, not a SslStatsReport (kind 2)"), kind.getMessage());

        IllegalArgumentException magic = assertThrows(IllegalArgumentException.class,
                () -> new SslStatsReport().decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertTrue(magic.getMessage().contains("not an spl4j storage record"), magic.getMessage());

        byte[] cut = report(3).encode();
        byte[] shorter = new byte[cut.length - 8];
        System.arraycopy(cut, 0, shorter, 0, shorter.length);
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> new SslStatsReport().decode(shorter));
        assertTrue(truncated.getMessage().contains("cannot decode SslStatsReport from " + shorter.length + " bytes"),
                truncated.getMessage());

        byte[] future = report(3).encode();
        future[7] = 9;
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> new SslStatsReport().decode(future));
        assertTrue(version.getMessage().contains("format version must be 1, found 9"), version.getMessage());
    }

    @Test
    void equalRecordsEncodeEqually() {
        Persistable a = report(10);
        Persistable b = report(10);
        assertEquals(a, b);
        assertArrayEquals(a.encode(), b.encode());
        assertNotEquals(report(10), report(11));
    }

    @Test
    void validation() {
        assertEquals("sessionID must not be empty", assertThrows(IllegalArgumentException.class,
                () -> new SslStatsReport("", "t", "w", 1, METRICS)).getMessage());
        assertEquals("timeStamp must be >= 0 (milliseconds since the epoch), found -1", assertThrows(
                IllegalArgumentException.class, () -> new SslStatsReport("s", "t", "w", -1, METRICS)).getMessage());
        assertEquals("numParams must be >= 0, found -2", assertThrows(IllegalArgumentException.class,
                () -> new SslStaticInfo("s", "t", "w", 1, "m", -2, null)).getMessage());
        assertEquals("metrics", assertThrows(NullPointerException.class,
                () -> new SslStatsReport("s", "t", "w", 1, null)).getMessage());
    }
}
