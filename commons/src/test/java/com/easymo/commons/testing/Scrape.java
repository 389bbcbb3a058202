package com.easymo.commons.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Prometheus text-format scrape parsed into its samples, keyed by series: the metric name followed by its labels
 * sorted by name, such as {@code http_server_requests_total{method="GET",route="/ping",status_class="2xx"}}.
 */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( \\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Double> samples;
    private final Map<String, String> help;
    private final Map<String, String> types;

    private Scrape(Map<String, Double> samples, Map<String, String> help, Map<String, String> types) {
        this.samples = samples;
        this.help = help;
        this.types = types;
    }

    /** Parses a scrape in the Prometheus text format. */
    public static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring("# HELP ".length()).split(" ", 2);
                help.put(parts[0], parts.length > 1 ? parts[1] : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring("# TYPE ".length()).split(" ", 2);
                types.put(parts[0], parts[1]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher sample = SAMPLE.matcher(line);
                if (!sample.matches()) {
                    throw new IllegalArgumentException("Not a sample line: " + line);
                }
                samples.put(series(sample.group(1), sample.group(3)), Double.parseDouble(sample.group(4)));
            }
        }
        return new Scrape(samples, help, types);
    }

    /** Returns the series key of a name and labels given as alternating label names and values. */
    public static String series(String name, String... labels) {
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        return key(name, sorted);
    }

    /** Returns the value of a series, or 0 if the scrape does not contain it. */
    public double value(String name, String... labels) {
        return samples.getOrDefault(series(name, labels), 0.0);
    }

    /** Returns whether the scrape contains the series. */
    public boolean contains(String name, String... labels) {
        return samples.containsKey(series(name, labels));
    }

    /** Returns every series key whose metric name starts with the prefix. */
    public Set<String> seriesStartingWith(String prefix) {
        return samples.keySet().stream().filter(key -> key.startsWith(prefix)).collect(Collectors.toSet());
    }

    /** Returns the name of every sample, such as {@code http_server_request_duration_seconds_bucket}. */
    public Set<String> sampleNames() {
        return samples.keySet().stream()
                .map(key -> key.contains("{") ? key.substring(0, key.indexOf('{')) : key)
                .collect(Collectors.toSet());
    }

    /** Returns the help text of a metric family, or {@code null}. */
    public String help(String family) {
        return help.get(family);
    }

    /** Returns the type of a metric family, or {@code null}. */
    public String type(String family) {
        return types.get(family);
    }

    private static String series(String name, String labelText) {
        Map<String, String> sorted = new TreeMap<>();
        if (labelText != null) {
            Matcher label = LABEL.matcher(labelText);
            while (label.find()) {
                sorted.put(label.group(1), label.group(2));
            }
        }
        return key(name, sorted);
    }

    private static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        return name
                + labels.entrySet().stream()
                        .map(label -> label.getKey() + "=\"" + label.getValue() + "\"")
                        .collect(Collectors.joining(",", "{", "}"));
    }
}
