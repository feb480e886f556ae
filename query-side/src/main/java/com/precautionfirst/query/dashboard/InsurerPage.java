package com.precautionfirst.query.dashboard;

import com.precautionfirst.query.access.RecordAccess;
import com.precautionfirst.query.export.InsuredClients;
import com.precautionfirst.query.log.CheckpointStore;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.web.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The insurer's page: what it may do here (export its consenting clients' records, verify them), the clients its
 * export holds as of the newest signed checkpoint (their ids, which the export names too; one access-log entry
 * each), and a download link per export format for a range of days. The links go to GET /api/exports, which checks,
 * logs and streams as it does for curl; a format the query side does not write yet answers 400 there.
 */
@Controller
public class InsurerPage {

    private final InsuredClients insured;
    private final CheckpointStore checkpoints;
    private final RecordAccess access;
    private final CallerResolver callers;
    private final Clock clock;

    public InsurerPage(InsuredClients insured, CheckpointStore checkpoints, RecordAccess access,
                       CallerResolver callers, Clock clock) {
        this.insured = insured;
        this.checkpoints = checkpoints;
        this.access = access;
        this.callers = callers;
        this.clock = clock;
    }

    /** The range in days (UTC), from inclusive, to inclusive; the last 30 days unless chosen. */
    @GetMapping("/insurer")
    public String insurer(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                          Model model, HttpServletRequest request) {
        String insurerId = callers.current().insurerId();
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate first = day("from", from, today.minusDays(30));
        LocalDate last = day("to", to, today);
        if (last.isBefore(first)) {
            throw new InvalidInputException("to", "must not be before from");
        }
        long treeSize = checkpoints.latest().map(c -> c.treeSize()).orElse(0L);
        List<String> clients = insured.consenting(insurerId, treeSize);
        access.listed(clients, request);
        Map<String, String> downloads = new LinkedHashMap<>();
        for (String format : List.of("json", "csv", "fhir")) {
            downloads.put(format, UriComponentsBuilder.fromPath("/api/exports").queryParam("insurerId", insurerId)
                    .queryParam("from", start(first)).queryParam("to", start(last.plusDays(1)))
                    .queryParam("format", format).encode().build().toUriString());
        }
        model.addAttribute("insurerId", insurerId);
        model.addAttribute("clients", clients);
        model.addAttribute("signed", treeSize > 0);
        model.addAttribute("from", first.toString());
        model.addAttribute("to", last.toString());
        model.addAttribute("downloads", downloads);
        return "insurer";
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate day(String field, String value, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "'" + value + "' is not a date (e.g. 2026-01-31)");
        }
    }
}
