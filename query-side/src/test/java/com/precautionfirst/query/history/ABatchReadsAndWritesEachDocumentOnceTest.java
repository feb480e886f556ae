package com.precautionfirst.query.history;

import static com.precautionfirst.api.vocabulary.BodyArea.LOWER_BACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.precautionfirst.query.ClientStory;
import com.precautionfirst.query.recorded.RecordedEvent;
import com.precautionfirst.query.session.SessionRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The history processor's batch: however many events of a batch touch a document, it is read at most once and
 * written once, when the batch commits; an event of a session never reads or writes the client's record. It reads
 * and writes the generation its processor writes (decision 0056).
 */
class ABatchReadsAndWritesEachDocumentOnceTest {

    private final ClientHistoryRepository records = mock(ClientHistoryRepository.class);
    private final SessionRepository sessions = mock(SessionRepository.class);
    private static final long GENERATION = 7;
    private final HistoryBatch batch = new HistoryBatch(records, sessions, GENERATION);
    private final List<RecordedEvent> events = new ArrayList<>();
    private long position = 100;

    ABatchReadsAndWritesEachDocumentOnceTest() {
        when(records.load(anyString(), eq(GENERATION))).thenReturn(Optional.empty());
        when(sessions.find(anyString(), eq(GENERATION))).thenReturn(Optional.empty());
    }

    @Test
    void aNewClientAndSessionAreReadOnceAndWrittenOnceAtTheEndOfTheBatch() {
        ClientStory story = new ClientStory(this::collect).realisticClient("maria");
        story.session("maria", "maria-s1").pressure(LOWER_BACK, 1).pressure(LOWER_BACK, 2).ended();
        events.forEach(e -> ClientHistoryFold.apply(e, position++, "maria", batch));

        verify(records, times(1)).load("maria", GENERATION);
        verify(sessions, times(1)).find("maria-s1", GENERATION);
        verify(records, times(0)).save(anyList(), anyLong());
        verify(sessions, times(0)).save(anyList(), anyLong());

        batch.flush(client -> false);

        ArgumentCaptor<List<ClientHistoryRepository.Write>> recordWrites = captor();
        verify(records).save(recordWrites.capture(), eq(GENERATION));
        assertThat(recordWrites.getValue()).singleElement().satisfies(w -> {
            assertThat(w.isNew()).isTrue();
            assertThat(w.lastPosition()).isEqualTo(104);
        });
        ArgumentCaptor<List<SessionRepository.Write>> sessionWrites = captor();
        verify(sessions).save(sessionWrites.capture(), eq(GENERATION));
        assertThat(sessionWrites.getValue()).singleElement().satisfies(w -> {
            assertThat(w.isNew()).isTrue();
            assertThat(w.startPosition()).isEqualTo(105);
            assertThat(w.session().timeline).hasSize(4);
            assertThat(new String(w.document())).contains("\"overall\":\"PRECAUTIONS_MET\"");
        });
    }

    @Test
    void aBatchOfSessionEventsLeavesTheClientsRecordUnreadAndUnwritten() {
        ClientStory.Session session = new ClientStory(this::collect).realisticClient("maria")
                .session("maria", "maria-s1");
        ClientHistoryFold.InMemory stored = new ClientHistoryFold.InMemory();
        events.forEach(e -> ClientHistoryFold.apply(e, position++, "maria", stored));
        when(sessions.find("maria-s1", GENERATION)).thenReturn(Optional.of(stored.session("maria-s1")));
        events.clear();

        session.pressure(LOWER_BACK, 1).pressure(LOWER_BACK, 2).pressure(LOWER_BACK, 1);
        events.forEach(e -> ClientHistoryFold.apply(e, position++, "maria", batch));
        batch.flush(client -> false);

        verify(records, times(0)).load(anyString(), anyLong());
        verify(records).save(List.of(), GENERATION);
        verify(sessions, times(1)).find("maria-s1", GENERATION);
        ArgumentCaptor<List<SessionRepository.Write>> sessionWrites = captor();
        verify(sessions).save(sessionWrites.capture(), eq(GENERATION));
        assertThat(sessionWrites.getValue()).singleElement().satisfies(w -> {
            assertThat(w.isNew()).isFalse();
            assertThat(w.session().timeline).hasSize(4);
        });
    }

    @Test
    void aClientWhoseLastEventWaitsInTheDeadLetterQueueIsWrittenWithoutIt() {
        new ClientStory(this::collect).realisticClient("maria").session("maria", "maria-s1")
                .pressure(LOWER_BACK, 1).pressure(LOWER_BACK, 2);
        events.forEach(e -> batch.fold(e, position++, "maria"));

        batch.flush(client -> client.equals("maria"));

        ArgumentCaptor<List<SessionRepository.Write>> sessionWrites = captor();
        verify(sessions).save(sessionWrites.capture(), eq(GENERATION));
        assertThat(sessionWrites.getValue()).singleElement()
                .satisfies(w -> assertThat(w.session().timeline).extracting(e -> e.level).containsExactly(null, 1));
    }

    private void collect(String aggregateType, String streamId, long sequence, Object payload, String by,
                         String role) {
        events.add(new RecordedEvent(streamId, sequence, payload.getClass().getSimpleName(),
                Instant.parse("2026-11-25T09:00:00Z").plusSeconds(events.size()), by, role, payload));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> ArgumentCaptor<List<T>> captor() {
        return (ArgumentCaptor) ArgumentCaptor.forClass(List.class);
    }
}
