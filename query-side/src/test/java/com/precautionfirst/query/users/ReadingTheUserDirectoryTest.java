package com.precautionfirst.query.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.precautionfirst.api.events.UserAccountCreated;
import com.precautionfirst.api.events.UserAccountDeactivated;
import com.precautionfirst.api.events.UserPasswordChanged;
import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.query.QuerySideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingTheUserDirectoryTest extends QuerySideIntegrationTest {

    @Test
    void theAdminSeesEachUserWithWhoGrantedChangedAndEndedTheAccount() {
        String userId = unique("carol");
        publish("UserAccount", "user:" + userId, 0, new UserAccountCreated(userId, Role.INSURER, "INS-Y"),
                "admin", "CLINIC_ADMIN");
        publish("UserAccount", "user:" + userId, 1, new UserPasswordChanged(userId), userId, "INSURER");
        publish("UserAccount", "user:" + userId, 2, new UserAccountDeactivated(userId, "contract ended"),
                "admin", "CLINIC_ADMIN");

        JsonNode carol = null;
        for (JsonNode user : readJson("admin", "/api/users")) {
            if (user.get("userId").asText().equals(userId)) {
                carol = user;
            }
        }
        assertThat(carol).isNotNull();
        assertThat(carol.get("role").asText()).isEqualTo("INSURER");
        assertThat(carol.get("insurerId").asText()).isEqualTo("INS-Y");
        assertThat(carol.get("createdBy").asText()).isEqualTo("admin");
        assertThat(carol.get("passwordChangedBy").asText()).isEqualTo(userId);
        assertThat(carol.get("active").asBoolean()).isFalse();
        assertThat(carol.get("deactivatedBy").asText()).isEqualTo("admin");
        assertThat(carol.get("deactivationReason").asText()).isEqualTo("contract ended");
        assertThat(carol.toString()).doesNotContain("password\"").doesNotContain("hash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auditor", "therapist-a", "insurer-x"})
    void onlyTheAdminReadsTheDirectory(String user) {
        assertThat(get(user, "/api/users").statusCode()).isEqualTo(403);
    }

    @Test
    void anonymousCallersAreUnauthenticated() {
        assertThat(get(null, "/api/users").statusCode()).isEqualTo(401);
    }
}
