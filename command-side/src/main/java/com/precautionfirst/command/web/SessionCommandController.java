package com.precautionfirst.command.web;

import com.precautionfirst.api.commands.AdjustPressure;
import com.precautionfirst.api.commands.AmendEntry;
import com.precautionfirst.api.commands.ApplyTechnique;
import com.precautionfirst.api.commands.EndSession;
import com.precautionfirst.api.commands.RecordClientResponse;
import com.precautionfirst.api.commands.StartSession;
import com.precautionfirst.api.commands.StopSessionEarly;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.PressureReason;
import com.precautionfirst.api.vocabulary.SessionOutcome;
import com.precautionfirst.api.vocabulary.Technique;
import com.precautionfirst.command.client.SessionStartResult;
import com.precautionfirst.command.pipeline.CommandRequest;
import com.precautionfirst.command.pipeline.CommandRunner;
import com.precautionfirst.support.access.RequestedRecord;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.validation.FreeText;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.validator.constraints.UniqueElements;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Session commands over HTTP (API.md, command-side table). Starting is decided by the client's record. */
@RestController
@RequestMapping("/api/sessions")
public class SessionCommandController {

    private final CommandRunner runner;
    private final CallerResolver callers;

    public SessionCommandController(CommandRunner runner, CallerResolver callers) {
        this.runner = runner;
        this.callers = callers;
    }

    public record StartSessionRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String clientId,
            @NotEmpty @UniqueElements List<@NotNull BodyArea> plannedAreas,
            @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String sessionId,
            Instant startedAt) {
    }

    public record AdjustPressureRequest(
            @NotNull BodyArea area,
            @NotNull @Min(1) @Max(5) Integer level,
            @NotNull PressureReason reason) {
    }

    public record ApplyTechniqueRequest(@NotNull BodyArea area, @NotNull Technique technique) {
    }

    public record RecordClientResponseRequest(
            @NotNull BodyArea area,
            @NotNull @Min(0) @Max(10) Integer sensitivity,
            @NotNull Boolean radiatingPain,
            @FreeText String note) {
    }

    public record EndSessionRequest(@NotNull SessionOutcome outcome, @FreeText(max = 4000) String notes) {
    }

    public record StopSessionEarlyRequest(@NotNull @FreeText String reason) {
    }

    public record AmendEntryRequest(
            @NotNull @Min(0) Long entrySequence,
            @NotNull @FreeText(max = 4000) String correction,
            @NotNull @FreeText String reason) {
    }

    /** The session runs in the name of the therapist who starts it; the client's record decides the rest. */
    @ApiResponse(responseCode = "201",
            content = @Content(schema = @Schema(implementation = Created.NewSession.class)))
    @ApiResponse(responseCode = "404", description = "No client under clientId")
    @PostMapping
    public ResponseEntity<String> start(@Valid @RequestBody StartSessionRequest body, HttpServletRequest request) {
        String sessionId = body.sessionId() != null ? body.sessionId() : UUID.randomUUID().toString();
        RequestedRecord.noteClient(request, body.clientId());
        return runner.run(request, CommandRequest.to(body.clientId(), body, new StartSession(body.clientId(),
                        sessionId, callers.current().userId(), List.copyOf(body.plannedAreas()), body.startedAt()))
                .creatingStream(sessionId)
                .created(accepted -> Created.NewSession.of((SessionStartResult) accepted.result())));
    }

    @PostMapping("/{sessionId}/pressure")
    public ResponseEntity<String> adjustPressure(@PathVariable String sessionId,
                                                 @Valid @RequestBody AdjustPressureRequest body,
                                                 HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(sessionId, body,
                new AdjustPressure(sessionId, body.area(), body.level(), body.reason())));
    }

    @PostMapping("/{sessionId}/techniques")
    public ResponseEntity<String> applyTechnique(@PathVariable String sessionId,
                                                 @Valid @RequestBody ApplyTechniqueRequest body,
                                                 HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(sessionId, body,
                new ApplyTechnique(sessionId, body.area(), body.technique())));
    }

    @PostMapping("/{sessionId}/responses")
    public ResponseEntity<String> recordResponse(@PathVariable String sessionId,
                                                 @Valid @RequestBody RecordClientResponseRequest body,
                                                 HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(sessionId, body, new RecordClientResponse(sessionId,
                body.area(), body.sensitivity(), body.radiatingPain(), body.note())));
    }

    @PostMapping("/{sessionId}/end")
    public ResponseEntity<String> end(@PathVariable String sessionId, @Valid @RequestBody EndSessionRequest body,
                                      HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(sessionId, body,
                new EndSession(sessionId, body.outcome(), body.notes())));
    }

    @PostMapping("/{sessionId}/early-stop")
    public ResponseEntity<String> stopEarly(@PathVariable String sessionId,
                                            @Valid @RequestBody StopSessionEarlyRequest body,
                                            HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(sessionId, body,
                new StopSessionEarly(sessionId, body.reason())));
    }

    @PostMapping("/{sessionId}/amendments")
    public ResponseEntity<String> amend(@PathVariable String sessionId, @Valid @RequestBody AmendEntryRequest body,
                                        HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(sessionId, body,
                new AmendEntry(sessionId, body.entrySequence(), body.correction(), body.reason())));
    }
}
