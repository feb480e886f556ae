package com.precautionfirst.query.dashboard;

import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.query.access.RecordAccess;
import com.precautionfirst.query.history.ClientHistoryView;
import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.query.web.HistoryQueryController;
import com.precautionfirst.support.security.Caller;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.validation.Texts;
import com.precautionfirst.support.web.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The start page ("My clients") and the client page: the restrictions in force first (body map, prohibited
 * techniques, where the damage is, who cleared it, a warning band when a condition needing clearance has none),
 * then conditions, clearances, refusals and sessions; optionally as the record stood at an instant. The record is
 * read through the history endpoint's own controller, so the object check, the as-of rules and the access-log entry
 * are the API's; the list logs one entry per client shown, as the API's listings do.
 */
@Controller
public class ClientPages {

    private final HistoryQueryController history;
    private final ClientList clients;
    private final RecordAccess access;
    private final CallerResolver callers;
    private final Clock clock;

    public ClientPages(HistoryQueryController history, ClientList clients, RecordAccess access,
                       CallerResolver callers, Clock clock) {
        this.history = history;
        this.clients = clients;
        this.access = access;
        this.callers = callers;
        this.clock = clock;
    }

    @GetMapping("/")
    public String clients(@RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
                          Model model, HttpServletRequest request) {
        Caller caller = callers.current();
        if (caller.is(Role.INSURER)) {
            return "redirect:/insurer";
        }
        String search = q == null || q.isBlank() ? null : q;
        String problem = Texts.problem(search, false, 100);
        if (problem != null) {
            throw new InvalidInputException("q", problem);
        }
        if (page != null && page < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        ClientList.Page found = clients.find(caller, search, page == null ? 0 : page,
                clock.instant().atZone(ZoneOffset.UTC).toLocalDate());
        access.listed(found.rows().stream().map(row -> row.client().clientId).toList(), request);
        model.addAttribute("found", found);
        model.addAttribute("q", search == null ? "" : search);
        return "clients";
    }

    @GetMapping("/clients/{clientId}")
    public String client(@PathVariable String clientId, @RequestParam(required = false) String asOf, Model model,
                         HttpServletRequest request) {
        Instant at = asOf == null || asOf.isBlank() ? null : instant(asOf);
        ClientHistoryView record = Documents.read(history.history(clientId, at == null ? null : at.toString(), request)
                .getBody(), ClientHistoryView.class);
        Precautions precautions = Precautions.of(record,
                (at == null ? clock.instant() : at).atZone(ZoneOffset.UTC).toLocalDate());
        ArrayList<Object> newestFirst = new ArrayList<>(record.sessions);
        Collections.reverse(newestFirst);
        model.addAttribute("client", record);
        model.addAttribute("precautions", precautions);
        model.addAttribute("bodyMap", BodyMap.of(precautions.restrictions(), !precautions.warning()));
        model.addAttribute("sessions", newestFirst);
        model.addAttribute("asOf", at == null ? "" : LocalDateTime.ofInstant(at, ZoneOffset.UTC).toString());
        model.addAttribute("asOfInstant", at);
        return "client";
    }

    /** The as-of field's value: a date and time in UTC as the browser's field sends it, or an ISO instant. */
    private static Instant instant(String value) {
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("asOf", "'" + value + "' is not a date and time (e.g. 2026-01-05T10:30)");
            }
        }
    }
}
