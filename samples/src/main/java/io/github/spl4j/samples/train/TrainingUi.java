package io.github.spl4j.samples.train;

import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;

/**
 * DL4J's training UI for {@code spl train --ui}: starts the UI server on localhost (port 9000, or the system property
 * {@code org.deeplearning4j.ui.port}) with an in-memory stats storage, and gives the listener that feeds it. The UI
 * lives as long as the JVM.
 */
public final class TrainingUi {
    private final StatsStorage storage;
    private final int port;

    private TrainingUi(StatsStorage storage, int port) {
        this.storage = storage;
        this.port = port;
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
        return new TrainingUi(storage, server.getPort());
    }

    /** @return a DL4J listener that reports the network's score, parameters and updates to the UI */
    public TrainingListener listener() {
        return new StatsListener(storage);
    }

    /** @return the storage the UI reads */
    public StatsStorage storage() {
        return storage;
    }

    /** @return the address of the UI */
    public String address() {
        return "http://localhost:" + port;
    }
}
