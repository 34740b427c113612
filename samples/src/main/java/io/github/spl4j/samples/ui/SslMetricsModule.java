package io.github.spl4j.samples.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StatsStorageEvent;
import org.deeplearning4j.ui.api.HttpMethod;
import org.deeplearning4j.ui.api.Route;
import org.deeplearning4j.ui.api.UIModule;
import org.deeplearning4j.ui.i18n.I18NResource;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import io.github.spl4j.dl4j.metrics.SslStaticInfo;
import io.github.spl4j.dl4j.metrics.SslStatsListener;
import io.github.spl4j.dl4j.metrics.SslStatsReport;
import io.github.spl4j.dl4j.metrics.StepMetrics;
import io.vertx.ext.web.RoutingContext;

/**
 * A DL4J UI module that shows spl4j's semi-supervised metrics (the {@link SslStatsReport} records an
 * {@link SslStatsListener} writes) next to DL4J's own training UI: Ls, Lu and the total loss; the mean pseudo-label
 * weight (the mask rate for FixMatch), the fraction of weights above 0 and the mean confidence; the pseudo-label
 * accuracy; the learning rate and the step time, against the iteration.
 *
 * <p>DL4J's {@code VertxUIServer} finds the module through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.deeplearning4j.ui.api.UIModule}), so it is there whenever this class is on the
 * classpath: open {@value #PAGE} on the UI server (e.g. {@code http://localhost:9000/spl4j/ssl}). Routes:
 * <ul>
 *   <li>{@value #PAGE}: the page (charts refresh every 2 s);</li>
 *   <li>{@value #SESSIONS}: JSON list of the sessions with SSL metrics in the attached storages
 *       ({@link #sessionsJson()});</li>
 *   <li>{@value #DATA} and {@value #DATA}{@code /SESSION_ID}: JSON series of the latest or the given session
 *       ({@link #dataJson(String, int)}); query parameter {@code maxPoints} (default {@value #DEFAULT_MAX_POINTS})
 *       thins long series evenly, always keeping the last point.</li>
 * </ul>
 * Unknown values (NaN, e.g. the pseudo-label accuracy when the true labels are not known) are JSON {@code null}.
 *
 * <p>The module reads the storages the server attaches when a page asks, and caches the decoded records per
 * storage, session and worker, so each request decodes only the records that are new since the previous one.
 */
public final class SslMetricsModule implements UIModule {
    /** The page's path. */
    public static final String PAGE = "/spl4j/ssl";
    /** The sessions route. */
    public static final String SESSIONS = "/spl4j/ssl/sessions";
    /** The data route (latest session); with {@code /SESSION_ID} appended, that session's data. */
    public static final String DATA = "/spl4j/ssl/data";
    /** Default largest number of points per series in a data response. */
    public static final int DEFAULT_MAX_POINTS = 2000;

    private static final String PAGE_RESOURCE = "ssl-metrics.html";
    private static final String JSON = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<StatsStorage> storages = new CopyOnWriteArrayList<>();
    private final Map<StatsStorage, Map<String, WorkerSeries>> cache = new IdentityHashMap<>();

    /** Creates the module (the UI server does, through the service loader). */
    public SslMetricsModule() {
    }

    /** @return no type IDs: the module reads the storages on request rather than following their events */
    @Override
    public List<String> getCallbackTypeIDs() {
        return List.of();
    }

    /** @return the page, sessions and data routes (GET) */
    @Override
    public List<Route> getRoutes() {
        return List.of(new Route(PAGE, HttpMethod.GET, (args, rc) -> page(rc)),
                new Route(SESSIONS, HttpMethod.GET, (args, rc) -> send(rc, 200, sessionsJson())),
                new Route(DATA, HttpMethod.GET, (args, rc) -> data(rc, null)),
                new Route(DATA + "/:sessionId", HttpMethod.GET, (args, rc) -> data(rc, args.get(0))));
    }

    /** Does nothing: {@link #getCallbackTypeIDs()} asks for no events. */
    @Override
    public void reportStorageEvents(Collection<StatsStorageEvent> events) {
        // the routes read the storages directly
    }

    /** @param statsStorage a storage the server attached; its SSL sessions become visible */
    @Override
    public void onAttach(StatsStorage statsStorage) {
        if (!storages.contains(statsStorage)) {
            storages.add(statsStorage);
        }
    }

    /** @param statsStorage a storage the server detached; its sessions and cached series are dropped */
    @Override
    public void onDetach(StatsStorage statsStorage) {
        storages.remove(statsStorage);
        synchronized (cache) {
            cache.remove(statsStorage);
        }
    }

    /** @return no translations: the page is in English */
    @Override
    public List<I18NResource> getInternationalizationResources() {
        return List.of();
    }

    /**
     * The sessions with SSL metrics, newest first:
     * {@code {"sessions":[{"sessionId":…, "workers":[…], "startTime": ms, "model":…, "numParams":…, "loss":…}]}}.
     *
     * @return the JSON text
     */
    public String sessionsJson() {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode list = root.putArray("sessions");
        for (SessionInfo s : sessions()) {
            ObjectNode o = list.addObject();
            o.put("sessionId", s.sessionId);
            ArrayNode workers = o.putArray("workers");
            s.workers.forEach(workers::add);
            o.put("startTime", s.info.getTimeStamp());
            o.put("model", s.info.getModelClass());
            o.put("numParams", s.info.getNumParams());
            o.put("loss", s.info.getLossDescription());
        }
        return write(root);
    }

    /**
     * The SSL series of one session, one entry per worker:
     * {@code {"sessionId":…, "model":…, "numParams":…, "loss":…, "workers":[{"workerId":…, "points": n,
     * "series":{"iteration":[…], "supervisedLoss":[…], "unsupervisedLoss":[…], "totalLoss":[…], "score":[…],
     * "meanWeight":[…], "fractionWeighted":[…], "meanConfidence":[…], "pseudoLabelAccuracy":[…],
     * "learningRate":[…], "stepSeconds":[…], "timestamp":[…]}}]}}, where {@code points} is the number of records
     * before thinning. With no session yet (sessionId null and none stored), {@code sessionId} is null and
     * {@code workers} empty.
     *
     * @param sessionId the session, or null for the latest (the one whose static info is newest)
     * @param maxPoints largest number of points per series, {@code >= 2}
     * @return the JSON text, or empty if the given session has no SSL metrics in the attached storages
     * @throws IllegalArgumentException if maxPoints &lt; 2
     */
    public Optional<String> dataJson(String sessionId, int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("maxPoints must be >= 2, found " + maxPoints);
        }
        List<SessionInfo> all = sessions();
        SessionInfo session = null;
        for (SessionInfo s : all) {
            if (sessionId == null || s.sessionId.equals(sessionId)) {
                session = s;
                break;
            }
        }
        ObjectNode root = MAPPER.createObjectNode();
        if (session == null) {
            if (sessionId != null) {
                return Optional.empty();
            }
            root.putNull("sessionId");
            root.putArray("workers");
            return Optional.of(write(root));
        }
        root.put("sessionId", session.sessionId);
        root.put("model", session.info.getModelClass());
        root.put("numParams", session.info.getNumParams());
        root.put("loss", session.info.getLossDescription());
        ArrayNode workers = root.putArray("workers");
        for (String worker : session.workers) {
            List<StepMetrics> rows = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            series(session.storage, session.sessionId, worker, rows, times);
            ObjectNode w = workers.addObject();
            w.put("workerId", worker);
            w.put("points", rows.size());
            writeSeries(w.putObject("series"), rows, times, maxPoints);
        }
        return Optional.of(write(root));
    }

    private static void writeSeries(ObjectNode series, List<StepMetrics> rows, List<Long> times, int maxPoints) {
        int[] keep = thin(rows.size(), maxPoints);
        ArrayNode iteration = series.putArray("iteration");
        ArrayNode ls = series.putArray("supervisedLoss");
        ArrayNode lu = series.putArray("unsupervisedLoss");
        ArrayNode total = series.putArray("totalLoss");
        ArrayNode score = series.putArray("score");
        ArrayNode weight = series.putArray("meanWeight");
        ArrayNode fraction = series.putArray("fractionWeighted");
        ArrayNode confidence = series.putArray("meanConfidence");
        ArrayNode accuracy = series.putArray("pseudoLabelAccuracy");
        ArrayNode lr = series.putArray("learningRate");
        ArrayNode seconds = series.putArray("stepSeconds");
        ArrayNode timestamp = series.putArray("timestamp");
        for (int i : keep) {
            StepMetrics m = rows.get(i);
            iteration.add(m.step());
            add(ls, m.supervisedLoss());
            add(lu, m.unsupervisedLoss());
            add(total, m.totalLoss());
            add(score, m.score());
            add(weight, m.meanWeight());
            add(fraction, m.fractionWeighted());
            add(confidence, m.meanConfidence());
            add(accuracy, m.pseudoLabelAccuracy());
            add(lr, m.learningRate());
            add(seconds, m.stepSeconds());
            timestamp.add(times.get(i));
        }
    }

    /** Indices of at most maxPoints evenly spread rows, first and last included. */
    static int[] thin(int n, int maxPoints) {
        if (n <= maxPoints) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] keep = new int[maxPoints];
        for (int k = 0; k < maxPoints; k++) {
            keep[k] = (int) ((long) k * (n - 1) / (maxPoints - 1));
        }
        return keep;
    }

    private static void add(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    /** A session with SSL records: where it is, its workers and its first worker's static info. */
    private record SessionInfo(StatsStorage storage, String sessionId, List<String> workers, SslStaticInfo info) {
    }

    /** All SSL sessions of the attached storages, newest static info first. */
    private List<SessionInfo> sessions() {
        List<SessionInfo> out = new ArrayList<>();
        for (StatsStorage storage : storages) {
            for (String session : storage.listSessionIDs()) {
                SslStaticInfo first = null;
                List<String> workers = new ArrayList<>();
                for (Persistable p : storage.getAllStaticInfos(session, SslStatsListener.TYPE_ID)) {
                    if (p instanceof SslStaticInfo s) {
                        workers.add(s.getWorkerID());
                        if (first == null || s.getTimeStamp() < first.getTimeStamp()) {
                            first = s;
                        }
                    }
                }
                if (first != null) {
                    workers.sort(null);
                    out.add(new SessionInfo(storage, session, List.copyOf(workers), first));
                }
            }
        }
        out.sort((a, b) -> Long.compare(b.info.getTimeStamp(), a.info.getTimeStamp()));
        return out;
    }

    /** Decoded records of one storage, session and worker, extended with the records newer than the last read. */
    private static final class WorkerSeries {
        private final List<StepMetrics> rows = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();
        private long lastTimeStamp = -1;
    }

    private void series(StatsStorage storage, String session, String worker, List<StepMetrics> rows,
                        List<Long> times) {
        synchronized (cache) {
            WorkerSeries s = cache.computeIfAbsent(storage, k -> new HashMap<>())
                    .computeIfAbsent(session + '\u0000' + worker, k -> new WorkerSeries());
            for (Persistable p : storage.getAllUpdatesAfter(session, SslStatsListener.TYPE_ID, worker,
                    s.lastTimeStamp)) {
                if (p instanceof SslStatsReport r && r.getTimeStamp() > s.lastTimeStamp) {
                    s.rows.add(r.getMetrics());
                    s.times.add(r.getTimeStamp());
                    s.lastTimeStamp = r.getTimeStamp();
                }
            }
            rows.addAll(s.rows);
            times.addAll(s.times);
        }
    }

    private void data(RoutingContext rc, String sessionId) {
        String max = rc.request().getParam("maxPoints");
        int maxPoints;
        try {
            maxPoints = max == null ? DEFAULT_MAX_POINTS : Integer.parseInt(max);
            if (maxPoints < 2) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            send(rc, 400, error("maxPoints must be an integer >= 2, found " + max));
            return;
        }
        Optional<String> json = dataJson(sessionId, maxPoints);
        if (json.isPresent()) {
            send(rc, 200, json.get());
        } else {
            send(rc, 404, error("no SSL metrics for session " + sessionId));
        }
    }

    private static String error(String message) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", message);
        return write(o);
    }

    private static void page(RoutingContext rc) {
        rc.response().putHeader("content-type", "text/html; charset=utf-8").end(pageHtml());
    }

    /** @return the page's HTML (a resource next to this class) */
    static String pageHtml() {
        try (InputStream in = SslMetricsModule.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the page resource " + PAGE_RESOURCE + " is missing from the "
                        + "classpath next to " + SslMetricsModule.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page resource " + PAGE_RESOURCE, e);
        }
    }

    private static void send(RoutingContext rc, int status, String json) {
        rc.response().setStatusCode(status).putHeader("content-type", JSON).putHeader("cache-control", "no-store")
                .end(json);
    }

    private static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SslMetricsModule(page=" + PAGE + ", storages=" + storages.size() + ")";
    }
}
