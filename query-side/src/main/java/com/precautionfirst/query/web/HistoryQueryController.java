package com.precautionfirst.query.web;

import com.precautionfirst.query.access.RecordAccess;
import com.precautionfirst.query.history.AsOfHistory;
import com.precautionfirst.query.history.ClientHistoryRepository;
import com.precautionfirst.query.history.ClientHistoryView;
import com.precautionfirst.support.web.InvalidInputException;
import com.precautionfirst.support.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A client's treatment history, now or as it stood at an instant (API.md, query-side table). */
@RestController
public class HistoryQueryController {

    private final ClientHistoryRepository histories;
    private final AsOfHistory asOfHistory;
    private final RecordAccess access;
    private final Clock clock;

    public HistoryQueryController(ClientHistoryRepository histories, AsOfHistory asOfHistory, RecordAccess access,
                                  Clock clock) {
        this.histories = histories;
        this.asOfHistory = asOfHistory;
        this.access = access;
        this.clock = clock;
    }

    @Operation(summary = "A client's record: conditions, clearances, therapists, insurance, sessions with timeline "
            + "and assessment. With asOf (ISO instant, not in the future): the record exactly as it stood then.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ClientHistoryView.class)))
    @GetMapping("/api/clients/{clientId}/history")
    public ResponseEntity<byte[]> history(@PathVariable String clientId,
                                          @RequestParam(required = false) String asOf,
                                          HttpServletRequest request) {
        Instant at = asOf == null ? null : QueryParameters.instant("asOf", asOf);
        if (at != null && at.isAfter(clock.instant())) {
            throw new InvalidInputException("asOf", "must not be in the future");
        }
        return Json.of(access.read(clientId, null, request, () -> at == null
                ? histories.history(clientId).orElseThrow(() -> new NotFoundException("No such record."))
                : asOfHistory.document(clientId, at).orElseThrow(
                        () -> new NotFoundException("Client " + clientId + " had no record at " + at + "."))));
    }
}
