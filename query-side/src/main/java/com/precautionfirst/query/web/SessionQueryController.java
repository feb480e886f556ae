package com.precautionfirst.query.web;

import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.query.access.RecordAccess;
import com.precautionfirst.query.assessment.PrecautionAssessment;
import com.precautionfirst.query.session.SessionRepository;
import com.precautionfirst.query.session.SessionView;
import com.precautionfirst.support.security.Caller;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.web.InvalidInputException;
import com.precautionfirst.support.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** One session with its timeline and assessment, and the precaution listing (API.md, query-side table). */
@RestController
public class SessionQueryController {

    private final SessionRepository sessions;
    private final RecordAccess access;
    private final CallerResolver callers;

    public SessionQueryController(SessionRepository sessions, RecordAccess access, CallerResolver callers) {
        this.sessions = sessions;
        this.access = access;
        this.callers = callers;
    }

    @Operation(summary = "One session: what started it, its timeline (with refusals and amendments) and its "
            + "precaution assessment")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = SessionView.class)))
    @GetMapping("/api/sessions/{sessionId}")
    public ResponseEntity<byte[]> session(@PathVariable String sessionId, HttpServletRequest request) {
        return Json.of(access.read(sessions.clientOf(sessionId).orElse(null), sessionId, request,
                () -> sessions.document(sessionId).orElseThrow(() -> new NotFoundException("No such record."))));
    }

    @Operation(summary = "Sessions by assessment (status = overall: PRECAUTIONS_MET, FLAGGED, IN_PROGRESS), started "
            + "in [from, to] (ISO dates or instants), by therapist; ordered by start then session id. A therapist "
            + "sees only their own sessions. Every client whose sessions are in the page gets an access-log entry.")
    @GetMapping("/api/precautions")
    public SessionRepository.Page precautions(@RequestParam(required = false) String status,
                                              @RequestParam(required = false) String from,
                                              @RequestParam(required = false) String to,
                                              @RequestParam(required = false) String therapistId,
                                              @RequestParam(required = false) Integer page,
                                              @RequestParam(required = false) Integer size,
                                              HttpServletRequest request) {
        if (status != null && Arrays.stream(PrecautionAssessment.Overall.values())
                .noneMatch(o -> o.name().equals(status))) {
            throw new InvalidInputException("status", "'" + status + "' is not one of "
                    + Arrays.toString(PrecautionAssessment.Overall.values()));
        }
        SessionRepository.SessionFilter filter = new SessionRepository.SessionFilter(status,
                QueryParameters.from(from), QueryParameters.to(to),
                ownTherapist(QueryParameters.therapistId(therapistId), request));
        SessionRepository.Page found = sessions.find(filter, QueryParameters.page(page), QueryParameters.size(size));
        access.listed(found.items().stream().map(session -> session.clientId).toList(), request);
        return found;
    }

    /** A therapist lists only their own sessions: another therapist's id is refused rather than silently ignored. */
    private String ownTherapist(String therapistId, HttpServletRequest request) {
        Caller caller = callers.current();
        if (!caller.is(Role.THERAPIST)) {
            return therapistId;
        }
        if (therapistId != null && !therapistId.equals(caller.userId())) {
            throw access.refused(request, "A therapist lists only their own sessions.");
        }
        return caller.userId();
    }
}
