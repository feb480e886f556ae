package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.precautionfirst.support.access.AccessLogVerification;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A command answered 403, by role (Spring Security) or by the record (the aggregate's object check), leaves an
 * entry in the shared access log: who, role, client or session as far as the request names them, endpoint,
 * REFUSED; and the entries join the one hash chain.
 */
class RefusedCommandsAreLoggedTest extends HttpTestSupport {

    @Autowired
    AccessLogVerification verification;
    private long positionBefore;

    @BeforeEach
    void rememberTheEndOfTheChain() {
        positionBefore = jdbc.queryForObject("SELECT last_position FROM access_log_head", Long.class);
    }

    @Test
    void aCommandRefusedByRoleIsLogged() {
        String clientId = clientWithSciatica();

        assertProblem(post("auditor", "/api/clients/" + clientId + "/conditions", """
                {"icd10Code":"M54.5","description":"low back pain"}"""), 403, "forbidden");
        assertProblem(post("insurer-x", "/api/sessions/s-" + clientId + "/pressure", "{}"), 403, "forbidden");

        assertThat(refusalsOf("auditor", "insurer-x")).containsExactly(
                "auditor AUDITOR " + clientId + " null POST /api/clients/" + clientId + "/conditions REFUSED",
                "insurer-x INSURER null s-" + clientId + " POST /api/sessions/s-" + clientId + "/pressure REFUSED");
        assertThat(verification.verify().problems()).isEmpty();
    }

    @Test
    void aCommandRefusedByTheRecordIsLogged() {
        String clientId = clearedClient();
        String sessionId = openSession(clientId);

        assertProblem(post(THERAPIST_B, "/api/sessions/" + sessionId + "/pressure", """
                {"area":"LOWER_BACK","level":1,"reason":"THERAPIST_JUDGEMENT"}"""), 403, "forbidden");
        assertProblem(post(THERAPIST_B, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK"]}""".formatted(clientId)), 403, "forbidden");
        assertProblem(post(THERAPIST_A, "/api/clients/" + clientId + "/clearances/clearance-1/revocation", """
                {"reason":"not mine to revoke"}"""), 403, "forbidden");

        assertThat(refusalsOf(THERAPIST_B, THERAPIST_A)).containsExactly(
                "therapist-b THERAPIST null " + sessionId + " POST /api/sessions/" + sessionId + "/pressure REFUSED",
                "therapist-b THERAPIST " + clientId + " null POST /api/sessions REFUSED",
                "therapist-a THERAPIST " + clientId + " null POST /api/clients/" + clientId
                        + "/clearances/clearance-1/revocation REFUSED");
        assertThat(verification.verify().problems()).isEmpty();
    }

    /** The access-log entries of the two users since the test began, in chain order. */
    private List<String> refusalsOf(String... users) {
        return jdbc.query("SELECT user_id, role, client_id, session_id, endpoint, outcome FROM access_log "
                        + "WHERE user_id IN (?, ?) AND chain_position > ? ORDER BY chain_position",
                (rs, i) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4)
                        + " " + rs.getString(5) + " " + rs.getString(6),
                users[0], users[1], positionBefore);
    }
}
