package com.precautionfirst.support.eventstore.golden;

import com.precautionfirst.api.events.ClientRegistered;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ClassUtils;

/**
 * Where the golden stored events live, in this module's test resources under {@code stored-events/}:
 * <ul>
 *     <li>{@code <payload type>/<revision>.json}: the payload column's bytes, exactly as the store wrote them for
 *     an event of that type at that revision (the file's path is the row's {@code payload_type} and
 *     {@code payload_revision});</li>
 *     <li>{@code metadata.json}: the metadata column's bytes as the command side writes them;</li>
 *     <li>{@code vocabulary.json}: every enum constant an event can hold, as stored, per enum.</li>
 * </ul>
 * Written once by {@link WriteMissingGoldenEvents}, then never changed: a golden file is what old rows hold.
 */
final class GoldenFiles {

    static final String DIRECTORY = "stored-events";
    static final String METADATA = "metadata.json";
    static final String VOCABULARY = "vocabulary.json";
    /** The writer's target: the test resources of this module (surefire runs in the module's directory). */
    static final Path SOURCE = Path.of("src", "test", "resources", DIRECTORY);
    private static final String EVENTS_PACKAGE = ClientRegistered.class.getPackageName();

    private GoldenFiles() {
    }

    /** One golden payload: the stored type and revision its file is named after. */
    record Golden(String payloadType, String revision) {
        String file() {
            return payloadType + "/" + revision + ".json";
        }

        @Override
        public String toString() {
            return file();
        }
    }

    /**
     * Every event class of the contract, found by scanning its package, so that an event added later without a
     * golden payload fails the build instead of being forgotten.
     */
    static List<Class<?>> eventClasses() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter((reader, factory) -> true);
        return scanner.findCandidateComponents(EVENTS_PACKAGE).stream()
                .<Class<?>>map(candidate -> ClassUtils.resolveClassName(candidate.getBeanClassName(), null))
                .sorted(Comparator.comparing(Class::getName))
                .toList();
    }

    /** Every golden payload in the test resources, of any revision. */
    static List<Golden> goldens() {
        List<Golden> goldens = new ArrayList<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:" + DIRECTORY + "/*/*.json")) {
                Path file = Path.of(resource.getURI());
                String name = file.getFileName().toString();
                goldens.add(new Golden(file.getParent().getFileName().toString(),
                        name.substring(0, name.length() - ".json".length())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        goldens.sort(Comparator.comparing(Golden::file));
        return goldens;
    }

    static boolean exists(String file) {
        return ClassUtils.getDefaultClassLoader().getResource(DIRECTORY + "/" + file) != null;
    }

    /** The bytes of a golden file; a missing one fails with the command that writes it. */
    static byte[] bytes(String file) {
        try (InputStream in = ClassUtils.getDefaultClassLoader().getResourceAsStream(DIRECTORY + "/" + file)) {
            if (in == null) {
                throw new AssertionError("no golden file " + DIRECTORY + "/" + file + ": " + WriteMissingGoldenEvents.HOW);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
