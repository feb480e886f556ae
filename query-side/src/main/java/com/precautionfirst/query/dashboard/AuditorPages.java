package com.precautionfirst.query.dashboard;

import com.precautionfirst.query.session.SessionRepository;
import com.precautionfirst.query.web.AuditQueryController;
import com.precautionfirst.query.web.SessionQueryController;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The auditor's pages: the sessions by assessment (flagged first) with filters and paging, through the precaution
 * listing's own controller; and a client's audit trail with its verification (hash chain and signed log), through
 * the audit endpoints' controller. Checks, validation and access-log entries are the API's.
 */
@Controller
public class AuditorPages {

    static final int PAGE_SIZE = 20;

    private final SessionQueryController precautions;
    private final AuditQueryController audit;

    public AuditorPages(SessionQueryController precautions, AuditQueryController audit) {
        this.precautions = precautions;
        this.audit = audit;
    }

    /** A first visit lists the flagged sessions; the form's "any" sends an empty status. */
    @GetMapping("/flagged")
    public String flagged(@RequestParam(required = false) String status, @RequestParam(required = false) String from,
                          @RequestParam(required = false) String to,
                          @RequestParam(required = false) String therapistId,
                          @RequestParam(required = false) Integer page, Model model, HttpServletRequest request) {
        String overall = status == null ? "FLAGGED" : blankToNull(status);
        SessionRepository.Page found = precautions.precautions(overall, blankToNull(from), blankToNull(to),
                blankToNull(therapistId), page, PAGE_SIZE, request);
        model.addAttribute("found", found);
        model.addAttribute("status", overall == null ? "" : overall);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        model.addAttribute("therapistId", therapistId == null ? "" : therapistId);
        model.addAttribute("previous", found.page() > 0 ? pageLink(overall, from, to, therapistId, found.page() - 1)
                : null);
        model.addAttribute("next", (long) (found.page() + 1) * found.size() < found.total()
                ? pageLink(overall, from, to, therapistId, found.page() + 1) : null);
        return "flagged";
    }

    @GetMapping("/clients/{clientId}/audit")
    public String trail(@PathVariable String clientId, Model model, HttpServletRequest request) {
        model.addAttribute("clientId", clientId);
        model.addAttribute("verification", audit.verify(clientId, request));
        model.addAttribute("trail", audit.trail(clientId, request));
        return "audit";
    }

    private static String pageLink(String status, String from, String to, String therapistId, int page) {
        return UriComponentsBuilder.fromPath("/flagged").queryParam("status", status == null ? "" : status)
                .queryParamIfPresent("from", Optional.ofNullable(blankToNull(from)))
                .queryParamIfPresent("to", Optional.ofNullable(blankToNull(to)))
                .queryParamIfPresent("therapistId", Optional.ofNullable(blankToNull(therapistId)))
                .queryParam("page", page).encode().build().toUriString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
