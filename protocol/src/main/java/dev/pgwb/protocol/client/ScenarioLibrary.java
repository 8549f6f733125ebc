package dev.pgwb.protocol.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The scenario library: every {@code *.pgws} of a directory, in name order. The app ships the
 * repository's {@code resources/scenarios} on its class path as {@code scenarios/}.
 */
public final class ScenarioLibrary {
    /** The file that marks the library on the class path. */
    public static final String CLASSPATH_MARKER = "scenarios/README.md";

    private final List<Scenario> scenarios;

    private ScenarioLibrary(List<Scenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
    }

    public static ScenarioLibrary fromDirectory(Path dir) throws IOException {
        List<Scenario> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".pgws")).sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = f.getFileName().toString();
                out.add(Scenario.parse(name.substring(0, name.length() - ".pgws".length()), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        return new ScenarioLibrary(out);
    }

    /** The library on the class path (inside the app jar, or a build's output directory); empty when absent. */
    public static ScenarioLibrary fromClasspath() {
        URL marker = ScenarioLibrary.class.getClassLoader().getResource(CLASSPATH_MARKER);
        if (marker == null) {
            return new ScenarioLibrary(List.of());
        }
        try {
            URI uri = marker.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return fromDirectory(fs.getPath(CLASSPATH_MARKER).getParent());
                }
            }
            return fromDirectory(Path.of(uri).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Scenario> all() {
        return scenarios;
    }

    /** By full name ({@code 06-close-then-bind}), short name ({@code close-then-bind}) or number ({@code 6}). */
    public Optional<Scenario> find(String key) {
        for (Scenario s : scenarios) {
            if (s.name().equals(key) || s.shortName().equals(key) || key.matches("\\d+") && s.number() == Integer.parseInt(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
