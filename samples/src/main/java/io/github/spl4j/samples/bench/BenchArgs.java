package io.github.spl4j.samples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The positional integer arguments of one benchmark, validated: each has a name, a default and an allowed range, and
 * a bad value gives an {@link IllegalArgumentException} that names the benchmark, the parameter, the value found and
 * what is allowed, e.g. {@code bench memory: STEPS must be an integer in [100, 10000000], found 'abc'}.
 *
 * <pre>{@code
 * BenchArgs a = BenchArgs.parse("memory", List.of(new BenchArgs.Param("STEPS", 5000, 100, 10_000_000)), args);
 * int steps = a.get("STEPS");
 * }</pre>
 */
public final class BenchArgs {
    /**
     * One positional parameter.
     *
     * @param name         upper-case name shown in the usage text and in errors
     * @param defaultValue value when the argument is absent, within [min, max]
     * @param min          smallest allowed value
     * @param max          largest allowed value, {@code >= min}
     */
    public record Param(String name, int defaultValue, int min, int max) {
        /** Checks the parameter's own definition. */
        public Param {
            Objects.requireNonNull(name, "name");
            if (min > max) {
                throw new IllegalArgumentException("min must be <= max for " + name + ", found " + min + " > " + max);
            }
            if (defaultValue < min || defaultValue > max) {
                throw new IllegalArgumentException("defaultValue of " + name + " must be in [" + min + ", " + max
                        + "], found " + defaultValue);
            }
        }
    }

    private final Map<String, Integer> values;

    private BenchArgs(Map<String, Integer> values) {
        this.values = values;
    }

    /**
     * Parses the arguments in order; missing trailing ones take their defaults.
     *
     * @param benchmark the benchmark's name, for the messages
     * @param params    the parameters in positional order
     * @param args      the arguments given
     * @return the values
     * @throws IllegalArgumentException if there are more arguments than parameters, or one is not an integer in its
     *                                  range
     */
    public static BenchArgs parse(String benchmark, List<Param> params, String... args) {
        if (args.length > params.size()) {
            List<String> names = new ArrayList<>();
            params.forEach(p -> names.add(p.name()));
            throw new IllegalArgumentException("bench " + benchmark + ": takes at most " + params.size()
                    + " argument(s) " + names + ", found " + args.length + " " + List.of(args));
        }
        Map<String, Integer> values = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            values.put(p.name(), i < args.length ? value(benchmark, p, args[i]) : p.defaultValue());
        }
        return new BenchArgs(values);
    }

    private static int value(String benchmark, Param p, String arg) {
        String allowed = "an integer in [" + p.min() + ", " + p.max() + "]";
        int v;
        try {
            v = Integer.parseInt(arg.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench " + benchmark + ": " + p.name() + " must be " + allowed
                    + ", found '" + arg + "'", e);
        }
        if (v < p.min() || v > p.max()) {
            throw new IllegalArgumentException("bench " + benchmark + ": " + p.name() + " must be " + allowed
                    + ", found " + v);
        }
        return v;
    }

    /**
     * @param name a parameter name given to {@link #parse}
     * @return its value
     * @throws IllegalArgumentException if there is no such parameter
     */
    public int get(String name) {
        Integer v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("name must be one of " + values.keySet() + ", found '" + name + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return "BenchArgs" + values;
    }
}
