package com.precautionfirst.query.web;

import com.precautionfirst.support.validation.Texts;
import com.precautionfirst.support.web.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the query parameters of the read endpoints; bad values are 400 naming the parameter. */
final class QueryParameters {

    static final int MAX_PAGE_SIZE = 200;
    /** Instants and dates a query may name: the years 1900 to 9999 (UTC); beyond, the store's arithmetic fails. */
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);
    private static final String RANGE = "must be between " + EARLIEST + " and " + LATEST + " (UTC)";

    private QueryParameters() {
    }

    /** An ISO-8601 instant (e.g. 2026-11-25T12:00:00Z). */
    static Instant instant(String field, String value) {
        try {
            return inRange(field, Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + value + "' is not an ISO-8601 instant (e.g. 2026-11-25T12:00:00Z)");
        }
    }

    /** Lower bound, inclusive: an instant, or a date meaning the start of that day (UTC). */
    static Instant from(String value) {
        return value == null ? null : instantOrDay("from", value, false);
    }

    /** Upper bound: an instant (exclusive), or a date meaning up to the end of that day (UTC), inclusive. */
    static Instant to(String value) {
        return value == null ? null : instantOrDay("to", value, true);
    }

    static int page(Integer page) {
        if (page != null && page < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        return page == null ? 0 : page;
    }

    static int size(Integer size) {
        if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
            throw new InvalidInputException("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return size == null ? 50 : size;
    }

    /** A therapist's id as the listing takes it: one line, no longer than an id. */
    static String therapistId(String value) {
        String problem = Texts.problem(value, false, 64);
        if (problem != null) {
            throw new InvalidInputException("therapistId", problem);
        }
        return value;
    }

    private static Instant instantOrDay(String field, String value, boolean endOfDay) {
        try {
            LocalDate day = inRange(field, LocalDate.parse(value));
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return inRange(field, Instant.parse(value));
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(field, "'" + value + "' is neither an ISO-8601 date nor an instant");
            }
        }
    }

    private static LocalDate inRange(String field, LocalDate day) {
        if (day.isBefore(EARLIEST) || day.isAfter(LATEST)) {
            throw new InvalidInputException(field, RANGE);
        }
        return day;
    }

    private static Instant inRange(String field, Instant instant) {
        if (instant.isBefore(EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant())
                || !instant.isBefore(LATEST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
            throw new InvalidInputException(field, RANGE);
        }
        return instant;
    }
}
