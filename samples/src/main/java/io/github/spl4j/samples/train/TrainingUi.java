package io.github.spl4j.samples.train;

import java.util.List;
import java.util.UUID;

import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;

import io.github.spl4j.dl4j.metrics.SslStatsListener;
import io.github.spl4j.samples.ui.SslMetricsModule;

/**
 * DL4J's training UI for {@code spl train --ui}: starts the UI server on localhost (port 9000, or the system property
 * {@code org.deeplearning4j.ui.port}) with an in-memory stats storage, and gives the listeners that feed it: DL4J's
 * {@link StatsListener} (score, parameters, updates: DL4J's own pages) and spl4j's {@link SslStatsListener} (Ls, Lu,
 * mask rate, pseudo-label accuracy, learning rate, step time: the page of {@link SslMetricsModule}, at
 * {@link #sslAddress()}), both under one session ID. The UI lives as long as the JVM.
 */
public final class TrainingUi {
    private final StatsStorage storage;
    private final int port;
    private final String sessionId;

    private TrainingUi(StatsStorage storage, int port, String sessionId) {
        this.storage = storage;
        this.port = port;
        this.sessionId = sessionId;
    }

    /**
     * Starts (or reuses) the UI server and attaches a new in-memory storage.
     *
     * @return the running UI
     */
    public static TrainingUi start() {
        UIServer server = UIServer.getInstance();
        StatsStorage storage = new InMemoryStatsStorage();
        server.attach(storage);
        return new TrainingUi(storage, server.getPort(), UUID.randomUUID().toString());
    }

    /**
     * The listeners that feed the UI. Give them to the trainer after its own {@code SslMetricsListener} (as
     * {@code FixMatchTrainer} does with extra listeners), so the SSL page shows exactly the metrics of
     * {@code metrics.csv}, pseudo-label accuracy included.
     *
     * @return DL4J's {@link StatsListener} and spl4j's {@link SslStatsListener}, both with this UI's session ID
     */
    public List<TrainingListener> listeners() {
        return List.of(new StatsListener(storage, 1, sessionId),
                new SslStatsListener.Builder(storage).sessionID(sessionId).build());
    }

    /** @return DL4J's listener alone (score, parameter and update charts), with this UI's session ID */
    public TrainingListener listener() {
        return new StatsListener(storage, 1, sessionId);
    }

    /** @return the session ID under which the listeners report */
    public String sessionId() {
        return sessionId;
    }

    /** @return the storage the UI reads */
    public StatsStorage storage() {
        return storage;
    }

    /** @return the address of the UI */
    public String address() {
        return "http://localhost:" + port;
    }

    /** @return the address of the semi-supervised metrics page */
    public String sslAddress() {
        return address() + SslMetricsModule.PAGE;
    }
}
