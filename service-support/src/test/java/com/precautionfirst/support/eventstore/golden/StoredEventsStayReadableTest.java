package com.precautionfirst.support.eventstore.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.support.eventstore.golden.GoldenFiles.Golden;
import com.precautionfirst.support.eventstore.golden.StoreSerialization.StoredPayload;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.serialization.SerializedType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, stored events stay readable: the store keeps every event as it was written, for ever, and both services
 * read those bytes with today's classes. The golden stored payloads (see {@link GoldenFiles}) are rows as the store
 * wrote them; this test reads them back through the production serializer and upcasters, so a change to an event
 * class that breaks stored events fails the build here rather than in a replay in production. The policy is
 * docs/decisions/0053: a changed stored form is a new revision with an upcaster and its own golden payload.
 */
class StoredEventsStayReadableTest {

    @TempDir
    static Path dataDir;

    private static StoreSerialization store;

    @BeforeAll
    static void start() {
        store = StoreSerialization.start(dataDir);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    static Stream<Named<Class<?>>> eventClasses() {
        return GoldenFiles.eventClasses().stream().map(type -> Named.of(type.getSimpleName(), type));
    }

    static Stream<Named<Object>> examples() {
        return StoredEventExamples.CURRENT.stream().map(event -> Named.of(event.getClass().getSimpleName(), event));
    }

    static List<Golden> goldens() {
        return GoldenFiles.goldens();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventClasses")
    void everyEventHasARevisionAndAGoldenPayloadAtIt(Class<?> eventClass) {
        Golden current = goldenOf(eventClass);

        assertThat(current.revision()).as("@Revision of %s (decision 0003)", eventClass.getName()).isNotNull();
        assertThat(GoldenFiles.exists(current.file()))
                .as("no golden payload %s for the current revision of %s: %s", current, eventClass.getSimpleName(),
                        WriteMissingGoldenEvents.HOW)
                .isTrue();
    }

    @Test
    void everyEventClassHasExactlyOneExample() {
        List<Class<?>> exampled = StoredEventExamples.CURRENT.stream().<Class<?>>map(Object::getClass)
                .sorted(Comparator.comparing(Class::getName)).toList();

        assertThat(exampled).as("the classes of StoredEventExamples.CURRENT")
                .containsExactlyElementsOf(GoldenFiles.eventClasses());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyFieldOfAnExampleIsSetSoALostFieldCannotMatchADefault(Object example) {
        assertEveryFieldSet(example.getClass().getSimpleName(), example);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void everyGoldenPayloadReadsBackAsItsExpectedEvent(Golden golden) {
        List<DomainEventMessage<?>> read = store.read(new StoredPayload(golden.payloadType(), golden.revision(),
                GoldenFiles.bytes(golden.file()), GoldenFiles.bytes(GoldenFiles.METADATA)));

        assertThat(read.stream().<Object>map(Message::getPayload).toList()).containsExactly(expected(golden));
        assertThat(read.stream().map(Message::getMetaData).toList()).containsExactly(StoredEventExamples.METADATA);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theCurrentRevisionStillWritesWhatItsGoldenPayloadHolds(Object example) throws IOException {
        StoredPayload written = store.write(example, StoredEventExamples.METADATA);
        Golden golden = new Golden(written.payloadType(), written.revision());

        assertThat(json(written.payload()))
                .as("what %s writes now differs from its golden payload %s: a field was added, removed, renamed or "
                        + "retyped without a new revision (docs/decisions/0053)", example.getClass().getSimpleName(),
                        golden)
                .isEqualTo(json(GoldenFiles.bytes(golden.file())));
    }

    /** Holds the golden path to the store itself: {@link StoreSerialization#write} is what a stored row holds. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theGoldenPayloadsAreWrittenAsTheStoreWritesARow(Object example) {
        StoredPayload written = store.write(example, StoredEventExamples.METADATA);
        StoredPayload stored = store.appendAndLoad(example, StoredEventExamples.METADATA);

        assertThat(stored.payloadType()).isEqualTo(written.payloadType());
        assertThat(stored.revision()).isEqualTo(written.revision());
        assertThat(stored.payload()).isEqualTo(written.payload());
        assertThat(stored.metadata()).isEqualTo(written.metadata());
    }

    @Test
    void theMetadataTheCommandSideWritesIsWhatItsGoldenHolds() throws IOException {
        StoredPayload written = store.write(StoredEventExamples.CURRENT.get(0), StoredEventExamples.METADATA);

        assertThat(json(written.metadata())).isEqualTo(json(GoldenFiles.bytes(GoldenFiles.METADATA)));
    }

    @Test
    void everyStoredWordOfTheVocabularyStillReadsAsAConstant() throws IOException {
        ObjectMapper mapper = store.storageMapper();
        for (Map.Entry<String, List<String>> stored : goldenVocabulary().entrySet()) {
            Class<?> type = enumNamed(stored.getKey());
            for (String word : stored.getValue()) {
                assertThatCode(() -> mapper.convertValue(word, type))
                        .as("%s was stored as a %s and no longer reads", word, type.getSimpleName())
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void everyWordAnEventCanHoldIsInTheGoldenVocabulary() throws IOException {
        SortedMap<String, SortedSet<String>> now = EventVocabulary.wordsAsStored(GoldenFiles.eventClasses(),
                store.storageMapper());
        Map<String, List<String>> golden = goldenVocabulary();

        now.forEach((type, words) -> assertThat(golden.getOrDefault(type, List.of()))
                .as("the golden vocabulary of %s: %s", type, WriteMissingGoldenEvents.HOW)
                .containsAll(words));
    }

    /** Stored events hold words, not enum names: a renamed enum class only needs its key in vocabulary.json renamed. */
    private static Class<?> enumNamed(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("vocabulary.json lists the words of " + name + ", which no longer exists; if it "
                    + "was renamed, rename its key (its words must still read)", e);
        }
    }

    private static Golden goldenOf(Class<?> eventClass) {
        SerializedType type = store.typeOf(eventClass);
        return new Golden(type.getName(), type.getRevision());
    }

    /** An older revision reads as its upcast expectation; the current one as the event its golden was written from. */
    private static Object expected(Golden golden) {
        Object upcast = StoredEventExamples.UPCAST.get(golden.file());
        if (upcast != null) {
            return upcast;
        }
        return StoredEventExamples.CURRENT.stream()
                .filter(example -> goldenOf(example.getClass()).equals(golden))
                .findFirst()
                .orElseThrow(() -> new AssertionError(golden + " is neither the current revision of an event nor "
                        + "listed in StoredEventExamples.UPCAST with what it reads as after upcasting"));
    }

    private static JsonNode json(byte[] bytes) throws IOException {
        return store.storageMapper().readTree(bytes);
    }

    private static Map<String, List<String>> goldenVocabulary() throws IOException {
        return store.storageMapper().readValue(GoldenFiles.bytes(GoldenFiles.VOCABULARY), new TypeReference<>() {
        });
    }

    private static void assertEveryFieldSet(String path, Object value) {
        assertThat(value).as(path).isNotNull();
        if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    assertEveryFieldSet(path + "." + component.getName(), component.getAccessor().invoke(record));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        } else if (value instanceof Collection<?> elements) {
            assertThat(elements).as(path).isNotEmpty();
            elements.forEach(element -> assertEveryFieldSet(path + "[]", element));
        } else if (value instanceof Map<?, ?> entries) {
            assertThat(entries).as(path).isNotEmpty();
            entries.forEach((key, element) -> assertEveryFieldSet(path + "[" + key + "]", element));
        } else if (value instanceof Boolean flag) {
            assertThat(flag).as(path).isTrue();
        } else if (value instanceof Number number) {
            assertThat(number.doubleValue()).as(path).isNotZero();
        } else if (value instanceof CharSequence text) {
            assertThat(text).as(path).isNotEmpty();
        }
    }
}
