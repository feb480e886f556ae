package com.precautionfirst.query.log;

import java.util.Set;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far the log processor has read the store: its token's index and the gaps below it it still waits for (a
 * commit not yet visible). An event at or below the index that is not a gap has been handed to the log.
 */
@Component
public class LogPosition {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public LogPosition(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    public Seen seen() {
        return jdbc.query("SELECT token, token_type FROM token_entry WHERE processor_name = ? AND token IS NOT NULL",
                (rs, i) -> seen(rs.getBytes(1), rs.getString(2)), LogProjection.PROCESSOR).stream()
                .findFirst().orElse(new Seen(-1, Set.of()));
    }

    private Seen seen(byte[] token, String type) {
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        if (tracking instanceof GapAwareTrackingToken gapAware) {
            return new Seen(gapAware.getIndex(), Set.copyOf(gapAware.getGaps()));
        }
        return new Seen(tracking.position().orElse(-1), Set.of());
    }

    /** The token's index and its gaps. */
    public record Seen(long index, Set<Long> gaps) {
        public boolean pending(long globalIndex) {
            return globalIndex > index || gaps.contains(globalIndex);
        }
    }
}
