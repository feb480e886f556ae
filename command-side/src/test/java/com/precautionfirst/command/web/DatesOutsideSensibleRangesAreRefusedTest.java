package com.precautionfirst.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ResponseEntity;

/**
 * Issue 10, point 7: a date of birth {@code -999999999-01-01} and a clearance valid from year -999999999 to
 * +999999999 were stored. Birth is now from 1900-01-01 to today; a clearance is issued from 1900-01-01 to a year
 * from today and is valid for at most 5 years; anything else is 400 naming the field and appends nothing.
 */
class DatesOutsideSensibleRangesAreRefusedTest extends HttpTestSupport {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"-999999999-01-01", "0000-01-01", "1899-12-31", "+999999999-12-31", "+10000-01-01"})
    void aDateOfBirthOutside1900ToTodayIs400(String dateOfBirth) {
        assertRefused(ADMIN, "/api/clients", """
                {"name":"Maria Keller","dateOfBirth":"%s"}""".formatted(dateOfBirth), "dateOfBirth");
    }

    @Test
    void aDateOfBirthOnTheFirstDayOf1900IsAccepted() {
        assertThat(post(ADMIN, "/api/clients", """
                {"name":"Old Client","dateOfBirth":"1900-01-01"}""").getStatusCode().value()).isEqualTo(201);
    }

    static Stream<Arguments> clearanceDatesOutOfRange() {
        return Stream.of(
                Arguments.of("-999999999-01-01", "+999999999-12-31", "issuedOn"),
                Arguments.of("1899-12-31", "1900-06-30", "issuedOn"),
                Arguments.of(TODAY.plusYears(1).plusDays(1).toString(), TODAY.plusYears(2).toString(), "issuedOn"),
                Arguments.of("2026-01-01", "+999999999-12-31", "validUntil"),
                Arguments.of(TODAY.minusDays(1).toString(), TODAY.minusDays(1).plusYears(5).plusDays(1).toString(),
                        "validUntil"));
    }

    @ParameterizedTest(name = "issued {0}, valid until {1}: 400 naming {2}")
    @MethodSource("clearanceDatesOutOfRange")
    void aClearanceIssuedOutsideTheRangeOrValidForMoreThanFiveYearsIs400(String issuedOn, String validUntil,
                                                                           String field) {
        String clientId = clientWithSciatica();
        assertRefused(ADMIN, "/api/clients/" + clientId + "/clearances", clearance(issuedOn, validUntil), field);
    }

    @Test
    void aClearanceValidForExactlyFiveYearsIssuedAYearAheadIsAccepted() {
        String clientId = clientWithSciatica();
        LocalDate issuedOn = TODAY.plusYears(1);
        ResponseEntity<String> response = post(ADMIN, "/api/clients/" + clientId + "/clearances",
                clearance(issuedOn.toString(), issuedOn.plusYears(5).toString()));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
    }

    private String clearance(String issuedOn, String validUntil) {
        return clearanceBody("c-dates").replaceFirst("\"issuedOn\":\"[^\"]*\"", "\"issuedOn\":\"" + issuedOn + "\"")
                .replaceFirst("\"validUntil\":\"[^\"]*\"", "\"validUntil\":\"" + validUntil + "\"");
    }
}
