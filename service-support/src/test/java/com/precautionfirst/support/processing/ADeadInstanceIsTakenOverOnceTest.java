package com.precautionfirst.support.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.precautionfirst.support.access.V54__ChainExistingAccessLogEntries;
import com.precautionfirst.support.log.V72__ClientChains;
import com.precautionfirst.support.log.V74__ClientInsurance;
import com.precautionfirst.testsupport.PostgresDatabase;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What {@link SegmentBalancer} decides for a processor with 2 segments, on PostgreSQL's clock: the other instances'
 * rows are written as a given number of seconds old (the clock this test controls), and a balancer round runs on a
 * processor that holds the segments the test says. With the default settings (refresh every 2 s, dead after 3
 * missed intervals, a taker must have refreshed within 4 s) a survivor never releases a segment to an instance that
 * died, removes a dead instance's row once, and still gives a segment to a live instance with an idle thread.
 */
@ExtendWith(OutputCaptureExtension.class)
class ADeadInstanceIsTakenOverOnceTest {

    @RegisterExtension
    static final PostgresDatabase DB = new PostgresDatabase();

    static final String PROCESSOR = "history";
    static JdbcTemplate jdbc;

    @BeforeAll
    static void schema() {
        Flyway.configure().dataSource(DB.url(), DB.user(), DB.password())
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql")
                .javaMigrations(new V54__ChainExistingAccessLogEntries(), new V72__ClientChains(),
                        new V74__ClientInsurance()).load().migrate();
        jdbc = new JdbcTemplate(new DriverManagerDataSource(DB.url(), DB.user(), DB.password()));
    }

    @BeforeEach
    void noInstances() {
        jdbc.update("DELETE FROM processor_node");
    }

    @Test
    void aDeadInstanceWhoseRowStillShowsItsSegmentIsNotCountedAsATaker() {
        // the other instance held one segment and was killed; its claim timed out, so the survivor holds both, while
        // its row is 3 s old: not yet dead, but it holds its share, so it has no idle thread to give a segment to
        otherInstance("killed", Duration.ofSeconds(3), 1);
        StreamingEventProcessor survivor = processorHolding(0, 1);

        balancer(survivor).balanceOnce();

        verify(survivor, never()).releaseSegment(anyInt(), anyLong(), any());
    }

    @Test
    void anInstanceThatMissedARefreshIsGivenNoSegment() {
        // an instance that started, said it held nothing, and was killed 5 s ago: it would never claim a segment
        otherInstance("killed-after-start", Duration.ofSeconds(5), 0);
        StreamingEventProcessor survivor = processorHolding(0, 1);

        balancer(survivor).balanceOnce();

        verify(survivor, never()).releaseSegment(anyInt(), anyLong(), any());
    }

    @Test
    void aRowNotRefreshedForThreeIntervalsIsRemovedOnceAndTheSurvivorKeepsBothSegments(CapturedOutput output) {
        otherInstance("killed", Duration.ofSeconds(7), 1);
        StreamingEventProcessor survivor = processorHolding(0, 1);
        SegmentBalancer balancer = balancer(survivor);

        for (int round = 0; round < 3; round++) {
            balancer.balanceOnce();
        }

        assertThat(segmentsHeldByInstance()).as("rows left in processor_node").hasSize(1)
                .containsValue(2).doesNotContainKey("killed");
        assertThat(output.getOut().lines().filter(line -> line.contains("Instance killed has not refreshed")))
                .as("the instance is taken as dead once").hasSize(1);
        verify(survivor, never()).releaseSegment(anyInt(), anyLong(), any());
    }

    @Test
    void anInstanceWithAnIdleThreadIsGivenOneSegment() {
        StreamingEventProcessor holdsBoth = processorHolding(0, 1);
        StreamingEventProcessor holdsNone = processorHolding();
        SegmentBalancer first = balancer(holdsBoth);
        SegmentBalancer second = balancer(holdsNone);

        second.balanceOnce();
        first.balanceOnce();

        verify(holdsBoth, times(1)).releaseSegment(eq(1), anyLong(), any());
        verify(holdsNone, never()).releaseSegment(anyInt(), anyLong(), any());
        assertThat(segmentsHeldByInstance().values()).containsExactlyInAnyOrder(2, 0);
    }

    @Test
    void anInstanceIsTakenAsDeadAfterTwoMissedRefreshesAtTheEarliest() {
        assertThatThrownBy(() -> new SegmentBalancerProperties(Duration.ofSeconds(2), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dead-after-refresh-intervals");
        assertThat(new SegmentBalancerProperties(null, null).deadAfter()).isEqualTo(Duration.ofSeconds(6));
    }

    /** A row of another instance, last refreshed {@code age} ago by the database's clock. */
    static void otherInstance(String nodeId, Duration age, int segmentsHeld) {
        jdbc.update("INSERT INTO processor_node (processor_name, node_id, last_seen, segments_held)"
                + " VALUES (?, ?, LOCALTIMESTAMP - make_interval(secs => ?), ?)",
                PROCESSOR, nodeId, age.toMillis() / 1000.0, segmentsHeld);
    }

    static Map<String, Integer> segmentsHeldByInstance() {
        return jdbc.query("SELECT node_id, segments_held FROM processor_node WHERE processor_name = ?",
                        (rs, i) -> Map.entry(rs.getString(1), rs.getInt(2)), PROCESSOR).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** A running processor of 2 segments that holds the given ones. */
    static StreamingEventProcessor processorHolding(Integer... segments) {
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.getName()).thenReturn(PROCESSOR);
        when(processor.isRunning()).thenReturn(true);
        Map<Integer, EventTrackerStatus> status = Arrays.stream(segments)
                .collect(Collectors.toMap(Function.identity(), s -> mock(EventTrackerStatus.class)));
        when(processor.processingStatus()).thenReturn(status);
        return processor;
    }

    static SegmentBalancer balancer(StreamingEventProcessor processor) {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessors()).thenReturn(Map.<String, EventProcessor>of(PROCESSOR, processor));
        TokenStore tokens = mock(TokenStore.class);
        when(tokens.fetchSegments(PROCESSOR)).thenReturn(new int[] {0, 1});
        return new SegmentBalancer(processing, tokens, NoTransactionManager.INSTANCE, jdbc,
                new SegmentBalancerProperties(null, null));
    }
}
