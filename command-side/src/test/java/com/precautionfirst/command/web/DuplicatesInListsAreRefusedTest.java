package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.ResponseEntity;

/**
 * Issue 10, point 3: 200,000 duplicate {@code conditionIds} were accepted, and a session could plan one area a
 * million times. A list names each thing once (so an area list holds at most the 8 body areas), a JSON object
 * names each key once, and {@code conditionIds} holds at most 50 ids: else 400 naming the field, nothing appended.
 */
class DuplicatesInListsAreRefusedTest extends HttpTestSupport {

    static Stream<Arguments> clearancesWithDuplicates() {
        return Stream.of(
                Arguments.of("\"conditionIds\":[\"sciatica\"]", "\"conditionIds\":[\"sciatica\",\"sciatica\"]",
                        "conditionIds"),
                Arguments.of("\"excludedAreas\":[\"LOWER_LEG\"]", "\"excludedAreas\":[\"LOWER_LEG\",\"LOWER_LEG\"]",
                        "restrictions.excludedAreas"),
                Arguments.of("\"prohibitedTechniques\":[\"DEEP_VIBRATION\"]",
                        "\"prohibitedTechniques\":[\"DEEP_VIBRATION\",\"KNEADING\",\"DEEP_VIBRATION\"]",
                        "restrictions.prohibitedTechniques"),
                Arguments.of("\"LOWER_BACK\":2,", "\"LOWER_BACK\":2,\"LOWER_BACK\":5,",
                        "restrictions.maxPressure.LOWER_BACK"),
                Arguments.of("\"damageLocation\":", "\"issuedOn\":\"2026-01-01\",\"damageLocation\":", "issuedOn"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("clearancesWithDuplicates")
    void aClearanceNamingSomethingTwiceIs400NamingTheField(String original, String duplicated, String field) {
        String clientId = clientWithSciatica();
        String body = clearanceBody("c-dup").replace(original, duplicated);
        assertThat(body).contains(duplicated);
        assertRefused(ADMIN, "/api/clients/" + clientId + "/clearances", body, field);
    }

    @Test
    void aClearanceForMoreThanFiftyConditionsIs400BeforeTheRecordIsLoaded() {
        String ids = String.join(",", java.util.stream.IntStream.rangeClosed(1, 51)
                .mapToObj(i -> "\"c" + i + "\"").toList());
        String body = clearanceBody("c-many").replace("\"conditionIds\":[\"sciatica\"]", "\"conditionIds\":[" + ids + "]");
        assertRefused(ADMIN, "/api/clients/nobody/clearances", body, "conditionIds");
    }

    @Test
    void aSessionPlanningAnAreaTwiceIs400() {
        String clientId = clearedClient();
        assertRefused(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK","BUTTOCKS","LOWER_BACK"]}""".formatted(clientId),
                "plannedAreas");
    }

    @Test
    void aSessionPlanningEveryAreaOnceStarts() {
        String clientId = clearedClient();
        ResponseEntity<String> response = post(THERAPIST_A, "/api/sessions", """
                {"clientId":"%s","plannedAreas":["LOWER_BACK","BUTTOCKS","PIRIFORMIS","SACRUM_EDGE","POSTERIOR_THIGH",
                 "UPPER_BACK","NECK_SHOULDERS"]}""".formatted(clientId));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    }

    @Test
    void aFieldGivenTwiceIs400NamingIt() {
        assertRefused(ADMIN, "/api/clients", """
                {"name":"Maria Keller","dateOfBirth":"1978-04-12","name":"Someone Else"}""", "name");
    }
}
