package com.precautionfirst.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The query side finds a client's events by {@link ClientEvent} alone (sequencing, history, audit chain): an event
 * that names a client but forgot the interface would silently be left out of the client's record and chain.
 */
class EveryClientEventSaysSoTest {

    @Test
    void everyEventNamingAClientIsAClientEventAndNoOtherIs() throws Exception {
        List<Class<?>> events = eventClasses();
        assertThat(events).hasSizeGreaterThan(15);

        for (Class<?> event : events) {
            boolean namesAClient = Arrays.stream(event.getRecordComponents())
                    .anyMatch(c -> c.getName().equals("clientId") && c.getType() == String.class);
            assertThat(ClientEvent.class.isAssignableFrom(event)).as(event.getSimpleName()).isEqualTo(namesAClient);
        }
    }

    private static List<Class<?>> eventClasses() throws IOException, URISyntaxException {
        Path folder = Path.of(ClientEvent.class.getResource(ClientEvent.class.getSimpleName() + ".class").toURI())
                .getParent();
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .<Class<?>>map(n -> load(n.substring(0, n.length() - ".class".length())))
                    .filter(Class::isRecord)
                    .toList();
        }
    }

    private static Class<?> load(String simpleName) {
        try {
            return Class.forName(ClientEvent.class.getPackageName() + "." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
