package com.precautionfirst.command.client;

import static com.precautionfirst.command.TestClients.CLIENT;
import static com.precautionfirst.command.TestClients.SESSION;
import static com.precautionfirst.command.TestClients.SESSION_TIME;
import static com.precautionfirst.command.TestClients.THERAPIST;
import static com.precautionfirst.command.TestClients.asTherapist;
import static com.precautionfirst.command.TestClients.maria;
import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.api.commands.StartSession;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PrecautionRule;
import com.precautionfirst.command.Refusals;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Planning an area the clearance excludes; working it during a session is in the session's own tests. */
class WorkingAnExcludedAreaTest {

    private final ClientRecordFixture given = new ClientRecordFixture();

    @Test
    void aSessionPlanningAnExcludedAreaIsRefused() {
        given.fixture.given(maria().withSciatica().cleared().events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, List.of(BodyArea.LOWER_BACK, BodyArea.LOWER_LEG),
                        SESSION_TIME), asTherapist())
                .expectResultMessagePayloadMatching(Refusals.refusal(PrecautionRule.AREA_EXCLUDED))
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.AREA_EXCLUDED));
        assertThat(given.sessionEvents(SESSION)).isEmpty();
    }

    @Test
    void aMissingClearanceAndAnExcludedAreaAreReportedTogether() {
        given.fixture.given(maria().withSciatica().cleared().withPiriformisSyndrome().events())
                .when(new StartSession(CLIENT, SESSION, THERAPIST, List.of(BodyArea.LOWER_LEG), SESSION_TIME),
                        asTherapist())
                .expectEventsMatching(Refusals.onlyBlocked(PrecautionRule.CLEARANCE_MISSING,
                        PrecautionRule.AREA_EXCLUDED));
    }
}
