package com.precautionfirst.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.sql.ResultSet;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Read your writes waits for {@link ProjectionPositions#position}: a segment this process holds counts with its
 * tracker (which Axon advances past the events the segment does not handle at once, while the token it stores for them
 * can wait a second for an event of its own), the shared token store only for segments another instance holds.
 */
class WhereTheProcessorsStandTest {

    private final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    private final Serializer serializer = mock(Serializer.class);
    private final ProjectionPositions positions = new ProjectionPositions(null, null, null, jdbc, serializer, null);

    @Test
    void whenThisProcessHoldsEverySegmentItsTrackersAnswerAndTheTokenStoreIsNotAsked() {
        TrackingEventProcessor history = processor(Map.of(0, status(0, 1, 41), 1, status(1, 1, 40)));

        assertThat(positions.position(history)).isEqualTo(40);
        verifyNoInteractions(jdbc);
    }

    @Test
    void aSegmentOfAnotherInstanceCountsWithItsStoredTokenAndOurOwnWithItsTracker() {
        TrackingEventProcessor history = processor(Map.of(0, status(0, 1, 41)));
        storedTokens(Map.of(0, 12L, 1, 37L));

        assertThat(positions.position(history)).as("segment 1 from the store, segment 0 from its tracker, not 12")
                .isEqualTo(37);
    }

    @Test
    void aHeldSegmentWithoutATokenYetKeepsThePositionAtMinusOne() {
        TrackingEventProcessor history = processor(Map.of(0, status(0, 1, 41), 1, status(1, 1, -1)));

        assertThat(positions.position(history)).isEqualTo(-1);
    }

    private static TrackingEventProcessor processor(Map<Integer, EventTrackerStatus> held) {
        TrackingEventProcessor processor = mock(TrackingEventProcessor.class);
        when(processor.getName()).thenReturn("history");
        when(processor.processingStatus()).thenReturn(held);
        return processor;
    }

    /** A held segment of two (ids 0 and 1). */
    private static EventTrackerStatus status(int segment, int last, long position) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getSegment()).thenReturn(Segment.computeSegment(segment, 0, last));
        when(status.getCurrentPosition()).thenReturn(position < 0 ? OptionalLong.empty() : OptionalLong.of(position));
        return status;
    }

    /** token_entry rows of the processor: segment → the position of its stored token. */
    private void storedTokens(Map<Integer, Long> stored) {
        doAnswer(call -> {
            RowCallbackHandler handler = call.getArgument(1);
            for (Map.Entry<Integer, Long> row : stored.entrySet()) {
                ResultSet rs = mock(ResultSet.class);
                when(rs.getInt(1)).thenReturn(row.getKey());
                when(rs.getBytes(2)).thenReturn(new byte[]{row.getKey().byteValue()});
                when(rs.getString(3)).thenReturn(GlobalSequenceTrackingToken.class.getName());
                handler.processRow(rs);
            }
            return null;
        }).when(jdbc).query(anyString(), any(RowCallbackHandler.class), eq("history"));
        for (Map.Entry<Integer, Long> row : stored.entrySet()) {
            when(serializer.deserialize(ArgumentMatchers.<SerializedObject<byte[]>>argThat(
                    token -> token != null && token.getData()[0] == row.getKey().byteValue())))
                    .thenReturn(new GlobalSequenceTrackingToken(row.getValue()));
        }
    }
}
