package io.github.spl4j.dl4j.metrics;

import java.util.Collection;
import java.util.Objects;
import java.util.UUID;

import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.core.storage.listener.RoutingIterationListener;
import org.deeplearning4j.core.util.UIDProvider;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * Sends the semi-supervised metrics of every training step (Ls, Lu, total loss, mean weight — the mask rate for a hard
 * threshold —, fraction w &gt; 0, mean confidence, pseudo-label accuracy, learning rate, step time: a
 * {@link StepMetrics}) to a DL4J {@link StatsStorageRouter} — an {@code InMemoryStatsStorage}, a
 * {@code FileStatsStorage}, a {@code RemoteUIStatsStorageRouter} — the way DL4J's {@code StatsListener} sends its own
 * statistics, so that DL4J's UI server (with spl4j's UI module in {@code samples}) or any storage reader can show them.
 *
 * <p>Records, all with type ID {@link #TYPE_ID}, the listener's session ID and worker ID: once per worker an
 * {@link SslStorageMetaData} and an {@link SslStaticInfo} (network class, parameter count, loss), then one
 * {@link SslStatsReport} every {@code reportEvery} steps. Timestamps are the wall clock in milliseconds, made strictly
 * increasing per listener, because the storages key a worker's updates by timestamp.
 *
 * <p>Where the metrics come from: if the network has an {@link SslMetricsListener} placed <em>before</em> this
 * listener (as {@code FixMatchTrainer} does with the listeners it is given), this listener routes exactly what that
 * listener measured in the same step, pseudo-label accuracy included. Otherwise it measures the step itself from the
 * loss's diagnostics, without true labels (pseudo-label accuracy NaN).
 *
 * <pre>{@code
 * StatsStorage storage = new InMemoryStatsStorage();         // or new FileStatsStorage(file)
 * uiServer.attach(storage);
 * net.setListeners(new SslMetricsListener.Builder().csv(csv).trueLabels(labels).build(),
 *         new SslStatsListener(storage));
 * }</pre>
 *
 * <p>The class needs {@code deeplearning4j-core} (an optional dependency of spl-dl4j-layers; {@code deeplearning4j-ui},
 * {@code deeplearning4j-ui-model} and {@code deeplearning4j-parallel-wrapper} bring it). As a
 * {@link RoutingIterationListener} it works with {@code ParallelWrapper}, which clones it per worker and sets the worker
 * ID and router; the setters exist for that.
 */
public final class SslStatsListener extends BaseTrainingListener implements RoutingIterationListener {
    private static final long serialVersionUID = 1L;

    /** The type ID of every record this listener writes. */
    public static final String TYPE_ID = "Spl4jSslMetrics";
    /** Default reporting interval: every step. */
    public static final int DEFAULT_REPORT_EVERY = 1;

    private StatsStorageRouter router;
    private String sessionID;
    private String workerID;
    private final int reportEvery;

    private transient SslMetricsListener ownMeasure;
    private transient boolean staticInfoSent;
    private transient long lastTimeStamp;

    /**
     * A listener reporting every step with a new random session ID and this JVM and thread's worker ID.
     *
     * @param router where to put the records
     * @throws NullPointerException if router is null
     */
    public SslStatsListener(StatsStorageRouter router) {
        this(new Builder(router));
    }

    private SslStatsListener(Builder b) {
        this.router = b.router;
        this.sessionID = b.sessionID != null ? b.sessionID : UUID.randomUUID().toString();
        this.workerID = b.workerID != null ? b.workerID : defaultWorkerID();
        this.reportEvery = b.reportEvery;
    }

    /** DL4J's default worker ID: the JVM's UID and the current thread's ID. */
    private static String defaultWorkerID() {
        return UIDProvider.getJVMUID() + "_" + Thread.currentThread().getId();
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        StepMetrics m = metricsOf(model, iteration, epoch);
        if ((iteration + 1) % reportEvery != 0) {
            return;
        }
        if (router == null) {
            throw new IllegalStateException("SslStatsListener has no StatsStorageRouter: give one to its constructor "
                    + "or setStorageRouter(router)");
        }
        long now = nextTimeStamp();
        if (!staticInfoSent) {
            router.putStorageMetaData(new SslStorageMetaData(sessionID, TYPE_ID, workerID, now));
            router.putStaticInfo(new SslStaticInfo(sessionID, TYPE_ID, workerID, now, model.getClass().getName(),
                    model.numParams(), SslMetricsListener.findLoss(model).map(Object::toString).orElse(null)));
            staticInfoSent = true;
        }
        router.putUpdate(new SslStatsReport(sessionID, TYPE_ID, workerID, now, m));
    }

    /** The metrics an earlier SslMetricsListener measured in this step, or this listener's own measurement. */
    private StepMetrics metricsOf(Model model, int iteration, int epoch) {
        Collection<TrainingListener> listeners = model instanceof MultiLayerNetwork n ? n.getListeners()
                : model instanceof ComputationGraph g ? g.getListeners() : null;
        if (listeners != null) {
            for (TrainingListener l : listeners) {
                if (l instanceof SslMetricsListener s && s.last() != null && s.last().step() == iteration) {
                    return s.last();
                }
            }
        }
        if (ownMeasure == null) {
            ownMeasure = new SslMetricsListener.Builder().logEvery(0).build();
        }
        // called every step, so that its step time spans one step even when reports are sparser
        ownMeasure.iterationDone(model, iteration, epoch);
        return ownMeasure.last();
    }

    private long nextTimeStamp() {
        lastTimeStamp = Math.max(System.currentTimeMillis(), lastTimeStamp + 1);
        return lastTimeStamp;
    }

    /** @param router where to put the records from now on (ParallelWrapper sets it on its clones); not null */
    @Override
    public void setStorageRouter(StatsStorageRouter router) {
        this.router = Objects.requireNonNull(router, "router");
    }

    /** @return where the records go */
    @Override
    public StatsStorageRouter getStorageRouter() {
        return router;
    }

    /**
     * @param workerID the worker ID of later records, not empty (ParallelWrapper sets one per worker); the static
     *                 info is sent again under it
     */
    @Override
    public void setWorkerID(String workerID) {
        this.workerID = requireId(workerID, "workerID");
        staticInfoSent = false;
    }

    /** @return the worker ID of the records */
    @Override
    public String getWorkerID() {
        return workerID;
    }

    /** @param sessionID the session ID of later records, not empty; the static info is sent again under it */
    @Override
    public void setSessionID(String sessionID) {
        this.sessionID = requireId(sessionID, "sessionID");
        staticInfoSent = false;
    }

    /** @return the session ID of the records (share it with a {@code StatsListener} to pair the two in a UI) */
    @Override
    public String getSessionID() {
        return sessionID;
    }

    /** @return the reporting interval in steps */
    public int getReportEvery() {
        return reportEvery;
    }

    /**
     * @return a listener with the same router, session ID and interval, this thread's worker ID and no state
     *         (ParallelWrapper then sets the worker ID)
     */
    @Override
    public SslStatsListener clone() {
        return new Builder(router).sessionID(sessionID).reportEvery(reportEvery).build();
    }

    private static String requireId(String id, String name) {
        Objects.requireNonNull(id, name);
        if (id.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return id;
    }

    @Override
    public String toString() {
        return "SslStatsListener(router=" + router + ", sessionID=" + sessionID + ", workerID=" + workerID
                + ", reportEvery=" + reportEvery + ")";
    }

    /** Builder; setters validate their value. */
    public static final class Builder {
        private final StatsStorageRouter router;
        private String sessionID;
        private String workerID;
        private int reportEvery = DEFAULT_REPORT_EVERY;

        /**
         * @param router where to put the records, e.g. an {@code InMemoryStatsStorage} attached to the UI server
         * @throws NullPointerException if router is null
         */
        public Builder(StatsStorageRouter router) {
            this.router = Objects.requireNonNull(router, "router");
        }

        /**
         * @param sessionID the session ID, not empty; default a random UUID. Give the session ID of the run's
         *                  {@code StatsListener} so a UI can pair DL4J's charts with these.
         * @return this builder
         */
        public Builder sessionID(String sessionID) {
            this.sessionID = requireId(sessionID, "sessionID");
            return this;
        }

        /**
         * @param workerID the worker ID, not empty; default, as DL4J's: the JVM's UID, {@code _}, the ID of the thread
         *                 that builds the listener
         * @return this builder
         */
        public Builder workerID(String workerID) {
            this.workerID = requireId(workerID, "workerID");
            return this;
        }

        /**
         * @param reportEvery write a report every this many steps (after steps reportEvery, 2·reportEvery, …),
         *                    {@code >= 1}; default {@value SslStatsListener#DEFAULT_REPORT_EVERY}
         * @return this builder
         */
        public Builder reportEvery(int reportEvery) {
            if (reportEvery < 1) {
                throw new IllegalArgumentException("reportEvery must be >= 1, found " + reportEvery);
            }
            this.reportEvery = reportEvery;
            return this;
        }

        /** @return the listener */
        public SslStatsListener build() {
            return new SslStatsListener(this);
        }
    }
}
