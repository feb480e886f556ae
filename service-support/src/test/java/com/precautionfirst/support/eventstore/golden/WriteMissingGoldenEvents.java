package com.precautionfirst.support.eventstore.golden;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.precautionfirst.support.eventstore.golden.GoldenFiles.Golden;
import com.precautionfirst.support.eventstore.golden.StoreSerialization.StoredPayload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the golden files that are missing into this module's test resources, through the store's own serializer:
 * the payload of each event of {@link StoredEventExamples#CURRENT} at its current revision, the metadata, and the
 * enum words not yet listed. It never changes what a golden file already holds (old rows do not change either), so
 * the only way to a different stored form is a new revision. Run it when an event class or a revision is added,
 * then commit the new files:
 * <pre>
 * ./mvnw -B -o -pl service-support -am test -Dtest=WriteMissingGoldenEvents -Dgolden.write=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Not named *Test, so the normal build never runs it; the property guards it if it is named by mistake.
 */
@EnabledIfSystemProperty(named = "golden.write", matches = "true")
class WriteMissingGoldenEvents {

    static final String HOW = "write it with ./mvnw -B -o -pl service-support -am test -Dtest=WriteMissingGoldenEvents "
            + "-Dgolden.write=true -Dsurefire.failIfNoSpecifiedTests=false (docs/decisions/0053)";

    @Test
    void writeTheMissingGoldenFiles(@TempDir Path dataDir) throws IOException {
        try (StoreSerialization store = StoreSerialization.start(dataDir)) {
            for (Object example : StoredEventExamples.CURRENT) {
                StoredPayload written = store.write(example, StoredEventExamples.METADATA);
                writeIfMissing(new Golden(written.payloadType(), written.revision()).file(), written.payload());
                writeIfMissing(GoldenFiles.METADATA, written.metadata());
            }
            addMissingWords(store);
        }
    }

    private static void writeIfMissing(String file, byte[] bytes) throws IOException {
        Path target = GoldenFiles.SOURCE.resolve(file);
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
        System.out.println("wrote " + target);
    }

    /** Adds the words of new constants and enums; a word once listed stays, as the rows that hold it do. */
    private static void addMissingWords(StoreSerialization store) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path target = GoldenFiles.SOURCE.resolve(GoldenFiles.VOCABULARY);
        SortedMap<String, SortedSet<String>> words = new TreeMap<>();
        if (Files.exists(target)) {
            words.putAll(json.readValue(target.toFile(), new TypeReference<TreeMap<String, TreeSet<String>>>() {
            }));
        }
        SortedMap<String, SortedSet<String>> before = new TreeMap<>();
        words.forEach((type, listed) -> before.put(type, new TreeSet<>(listed)));
        EventVocabulary.wordsAsStored(GoldenFiles.eventClasses(), store.storageMapper())
                .forEach((type, now) -> words.computeIfAbsent(type, t -> new TreeSet<>()).addAll(now));
        if (!words.equals(before)) {
            Files.createDirectories(target.getParent());
            json.writeValue(target.toFile(), words);
            System.out.println("added words to " + target);
        }
    }
}
