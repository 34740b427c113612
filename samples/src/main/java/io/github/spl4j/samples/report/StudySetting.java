package io.github.spl4j.samples.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.nd4j.shade.jackson.databind.JsonNode;

import io.github.spl4j.dl4j.train.FixMatchConfig;

/**
 * The setting of a study run, read from its {@code config.json} (never from the folder name): the method, τ and µ,
 * and the other fields that make two runs comparable (dataset, model, sampling, labels, batch size, unlabelled ratio,
 * λu, learning rate, EMA decay, steps …), called its context.
 *
 * <p>A run is {@link Method#SUPERVISED} when its unlabelled ratio or λu is 0 (the unlabelled term is off, whatever the
 * weighting says); then τ and µ are {@link Double#NaN}. For {@link Method#HARD} µ is NaN (the hard threshold has no
 * µ). Two settings are equal when method, τ, µ and context are equal (NaN equals NaN, as in records).
 *
 * @param method  supervised, FixMatch's hard threshold or Smooth FixMatch's ramp
 * @param tau     threshold τ in [0, 1), NaN for supervised
 * @param mu      ramp exponent µ &gt; 0, NaN unless smooth
 * @param context the other fields, display name → value text, in {@link #CONTEXT_FIELDS} order; only fields present
 *                in config.json
 */
public record StudySetting(Method method, double tau, double mu, Map<String, String> context) {

    /** How the unlabelled images are used. */
    public enum Method {
        /** Labelled images only: plain cross-entropy. */
        SUPERVISED("supervised", "supervised only"),
        /** FixMatch: w(c) = 1 if c ≥ τ else 0. */
        HARD("hard", "FixMatch (hard)"),
        /** Smooth FixMatch: w(c) = ((c − τ)/(1 − τ))^µ above τ. */
        SMOOTH("smooth", "Smooth FixMatch");

        private final String shortName;
        private final String title;

        Method(String shortName, String title) {
            this.shortName = shortName;
            this.title = title;
        }

        /** @return the short name used in setting labels, e.g. {@code hard} */
        public String shortName() {
            return shortName;
        }

        /** @return the name used in plot legends, e.g. {@code FixMatch (hard)} */
        public String title() {
            return title;
        }
    }

    /**
     * config.json field → display name of the context fields, in display order. Sampling is shown by its value alone
     * (e.g. {@code random}); the others as {@code name value} (e.g. {@code EMA 0.99}).
     */
    public static final Map<String, String> CONTEXT_FIELDS = contextFields();
    /** Stands for a field missing from a config while counting values; not a possible value text. */
    private static final String ABSENT = "\u0000absent";
    /**
     * Config fields added to the trainer after the study's first runs, with the value the trainer reads when a
     * config.json lacks them; so an older run and a newer one with the same setting are one setting.
     */
    private static final Map<String, String> ADDED_FIELD_DEFAULTS = Map.of(
            "imbalanceRatio", fmt(FixMatchConfig.DEFAULT_IMBALANCE_RATIO),
            "unlabeledImbalanceRatio", fmt(FixMatchConfig.DEFAULT_UNLABELED_IMBALANCE_RATIO),
            "pseudoLabels", FixMatchConfig.DEFAULT_PSEUDO_LABELS.name().toLowerCase(Locale.ROOT));
    /** Display name of the sampling (split strategy) field. */
    public static final String SAMPLING = "sampling";

    private static Map<String, String> contextFields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dataset", "dataset");
        m.put("model", "model");
        m.put("splitStrategy", SAMPLING);
        m.put("labels", "labels");
        m.put("imbalanceRatio", "imbalance");
        m.put("unlabeledImbalanceRatio", "unlabelled imbalance");
        m.put("batchSize", "B");
        m.put("unlabeledRatio", "ratio");
        m.put("lambdaU", "lambdaU");
        m.put("learningRate", "lr");
        m.put("momentum", "momentum");
        m.put("weightDecay", "wd");
        m.put("emaDecay", "EMA");
        m.put("emaWarmUp", "EMA warm-up");
        m.put("pseudoLabels", "pseudo-labels");
        m.put("steps", "K");
        return Collections.unmodifiableMap(m);
    }

    /**
     * Validates and copies.
     *
     * @throws NullPointerException     if method or context is null
     * @throws IllegalArgumentException if τ or µ do not fit the method
     */
    public StudySetting {
        Objects.requireNonNull(method, "method");
        context = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(context, "context")));
        if (method != Method.SUPERVISED && !(tau >= 0 && tau < 1)) {
            throw new IllegalArgumentException("tau must be in [0, 1) for method " + method.shortName() + ", found "
                    + tau);
        }
        if (method == Method.SMOOTH && !(mu > 0)) {
            throw new IllegalArgumentException("mu must be > 0 for method smooth, found " + mu);
        }
    }

    /**
     * Reads the setting of a run's config.json.
     *
     * @param config the parsed config.json
     * @param source name of the file, for messages
     * @return the setting
     * @throws IllegalArgumentException if the weighting is missing or unknown, or τ / µ are missing or out of range;
     *                                  the message names the file
     */
    public static StudySetting of(JsonNode config, String source) {
        Map<String, String> context = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : CONTEXT_FIELDS.entrySet()) {
            JsonNode v = config.get(f.getKey());
            if (v != null && !v.isNull() && !v.isContainerNode()) {
                context.put(f.getValue(), text(v));
            } else if (v == null && ADDED_FIELD_DEFAULTS.containsKey(f.getKey())) {
                context.put(f.getValue(), ADDED_FIELD_DEFAULTS.get(f.getKey()));
            }
        }
        boolean supervised = isZero(config.get("unlabeledRatio")) || isZero(config.get("lambdaU"));
        if (supervised) {
            // the unlabelled term is off: ratio and lambdaU describe the method, not the context
            context.remove("ratio");
            context.remove("lambdaU");
            return new StudySetting(Method.SUPERVISED, Double.NaN, Double.NaN, context);
        }
        JsonNode w = config.get("weighting");
        String kind = w == null ? "" : w.asText().toLowerCase(Locale.ROOT);
        Method method;
        if (Method.HARD.shortName().equals(kind)) {
            method = Method.HARD;
        } else if (Method.SMOOTH.shortName().equals(kind)) {
            method = Method.SMOOTH;
        } else {
            throw new IllegalArgumentException("config " + source + ": weighting must be HARD or SMOOTH, found "
                    + (w == null ? "none" : w.asText()));
        }
        double tau = number(config, "tau", source);
        double mu = method == Method.SMOOTH ? number(config, "mu", source) : Double.NaN;
        try {
            return new StudySetting(method, tau, mu, context);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The short label: method, τ and µ, then each context field whose value differs from {@code base}, e.g.
     * {@code smooth tau=0.95 mu=1}, {@code hard tau=0.95, random}, {@code supervised}.
     *
     * @param base display name → the study's most common value (see {@link #base(List)}); empty to show no context
     * @return the label
     */
    public String label(Map<String, String> base) {
        StringBuilder sb = new StringBuilder(methodLabel());
        String diff = contextLabel(base);
        if (!diff.isEmpty()) {
            sb.append(", ").append(diff);
        }
        return sb.toString();
    }

    /** @return method, τ and µ only, e.g. {@code smooth tau=0.95 mu=1} */
    public String methodLabel() {
        switch (method) {
            case SUPERVISED:
                return method.shortName();
            case HARD:
                return method.shortName() + " tau=" + fmt(tau);
            default:
                return method.shortName() + " tau=" + fmt(tau) + " mu=" + fmt(mu);
        }
    }

    /**
     * @param base display name → the study's most common value
     * @return the context fields that differ from {@code base}, comma-separated (empty if none)
     */
    public String contextLabel(Map<String, String> base) {
        return contextLabel(context, base);
    }

    /**
     * @param context display name → value, e.g. a setting's {@link #context()}
     * @param base    display name → the study's most common value
     * @return the fields of {@code context} that differ from {@code base}, comma-separated (empty if none)
     */
    public static String contextLabel(Map<String, String> context, Map<String, String> base) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : context.entrySet()) {
            if (!e.getValue().equals(base.get(e.getKey()))) {
                parts.add(SAMPLING.equals(e.getKey()) ? e.getValue() : e.getKey() + " " + e.getValue());
            }
        }
        return String.join(", ", parts);
    }

    /**
     * The base values of a study: for each context field, its most common value over the given settings (ties: the
     * value seen first). A field missing from a config counts as a value of its own, so a field that most configs do
     * not have (e.g. an imbalance ratio only the long-tailed runs set) is not in the base and shows in the labels of
     * the settings that have it.
     *
     * @param settings one entry per run (so common settings weigh more)
     * @return display name → value, in {@link #CONTEXT_FIELDS} order
     */
    public static Map<String, String> base(List<StudySetting> settings) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (String name : CONTEXT_FIELDS.values()) {
            counts.put(name, new LinkedHashMap<>());
        }
        for (StudySetting s : settings) {
            for (String name : CONTEXT_FIELDS.values()) {
                counts.get(name).merge(s.context().getOrDefault(name, ABSENT), 1, Integer::sum);
            }
        }
        Map<String, String> base = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> v : e.getValue().entrySet()) {
                if (v.getValue() > bestCount) {
                    best = v.getKey();
                    bestCount = v.getValue();
                }
            }
            if (best != null && !ABSENT.equals(best)) {
                base.put(e.getKey(), best);
            }
        }
        return base;
    }

    /**
     * @param v a number
     * @return it in plain decimal notation without trailing zeros (0.0005, 0.95, 2000), {@code n/a} for NaN
     */
    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "n/a" : String.valueOf(v);
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String text(JsonNode v) {
        if (v.isNumber()) {
            return fmt(v.asDouble());
        }
        return v.asText().toLowerCase(Locale.ROOT);
    }

    private static boolean isZero(JsonNode v) {
        return v != null && v.isNumber() && v.asDouble() == 0;
    }

    private static double number(JsonNode config, String field, String source) {
        JsonNode v = config.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("config " + source + ": " + field + " must be a number, found "
                    + (v == null ? "none" : v.toString()));
        }
        return v.asDouble();
    }
}
