package com.precautionfirst.command.web;

import com.precautionfirst.api.commands.AssignTherapist;
import com.precautionfirst.api.commands.DeclareCondition;
import com.precautionfirst.api.commands.RecordClearance;
import com.precautionfirst.api.commands.RecordInsurance;
import com.precautionfirst.api.commands.RegisterClient;
import com.precautionfirst.api.commands.ResolveCondition;
import com.precautionfirst.api.commands.RevokeClearance;
import com.precautionfirst.api.vocabulary.BodyArea;
import com.precautionfirst.api.vocabulary.Profession;
import com.precautionfirst.api.vocabulary.Professional;
import com.precautionfirst.api.vocabulary.Restrictions;
import com.precautionfirst.api.vocabulary.Technique;
import com.precautionfirst.command.pipeline.CommandRequest;
import com.precautionfirst.command.pipeline.CommandRunner;
import com.precautionfirst.support.validation.DateWithin;
import com.precautionfirst.support.validation.FreeText;
import com.precautionfirst.support.validation.SingleLineText;
import com.precautionfirst.support.web.InvalidInputException;
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
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.validator.constraints.UniqueElements;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Client-record commands over HTTP (API.md, command-side table). Who may send which is decided by the aggregate. */
@RestController
@RequestMapping("/api/clients")
public class ClientCommandController {

    /** A clearance names each condition once; the record refuses any that is not one of its open conditions. */
    static final int MAX_CONDITIONS_PER_CLEARANCE = 50;
    /** The longest a clearance may be valid (README "Input limits"). */
    static final Period MAX_CLEARANCE_VALIDITY = Period.ofYears(5);

    private final CommandRunner runner;

    public ClientCommandController(CommandRunner runner) {
        this.runner = runner;
    }

    public record RegisterClientRequest(
            @NotNull @SingleLineText String name,
            @NotNull @DateWithin LocalDate dateOfBirth,
            @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String clientId) {
    }

    public record DeclareConditionRequest(
            @NotNull @Pattern(regexp = "[A-Za-z][0-9][0-9A-Za-z](\\.[0-9A-Za-z]{1,4})?",
                    message = "must be an ICD-10 code such as M54.16") String icd10Code,
            @NotNull @FreeText(max = 500) String description,
            Boolean requiresClearance,
            @SingleLineText String region,
            @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String conditionId) {
    }

    public record ResolveConditionRequest(@NotNull @FreeText String note) {
    }

    public record ProfessionalRequest(
            @NotNull @SingleLineText String name,
            @NotNull Profession profession,
            @NotNull @SingleLineText(max = 100) String licenseNumber) {
    }

    /** Lists, not sets, so that an area or technique named twice is refused rather than silently merged. */
    public record RestrictionsRequest(
            @UniqueElements List<@NotNull BodyArea> excludedAreas,
            Map<@NotNull BodyArea, @NotNull @Min(1) @Max(5) Integer> maxPressure,
            @UniqueElements List<@NotNull Technique> prohibitedTechniques) {

        Restrictions toRestrictions() {
            return new Restrictions(excludedAreas == null ? null : Set.copyOf(excludedAreas), maxPressure,
                    prohibitedTechniques == null ? null : Set.copyOf(prohibitedTechniques));
        }
    }

    public record RecordClearanceRequest(
            @NotEmpty @Size(max = MAX_CONDITIONS_PER_CLEARANCE) @UniqueElements
            List<@NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String> conditionIds,
            @NotNull @Valid ProfessionalRequest professional,
            @NotNull @DateWithin(latestAfterToday = "P1Y") LocalDate issuedOn,
            @NotNull LocalDate validUntil,
            @NotNull @FreeText(max = 500) String damageLocation,
            @Valid RestrictionsRequest restrictions,
            @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a SHA-256 as 64 hexadecimal characters")
            String documentSha256,
            @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String clearanceId) {
    }

    public record RevokeClearanceRequest(@NotNull @FreeText String reason) {
    }

    public record AssignTherapistRequest(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String therapistId) {
    }

    public record RecordInsuranceRequest(
            @NotNull @SingleLineText(max = 64) String insurerId,
            @NotNull @SingleLineText(max = 100) String policyNumber,
            @NotNull Boolean consentToShare) {
    }

    @ApiResponse(responseCode = "201",
            content = @Content(schema = @Schema(implementation = Created.NewClient.class)))
    @PostMapping
    public ResponseEntity<String> register(@Valid @RequestBody RegisterClientRequest body, HttpServletRequest request) {
        String clientId = body.clientId() != null ? body.clientId() : UUID.randomUUID().toString();
        return runner.run(request, CommandRequest.to(clientId, body,
                        new RegisterClient(clientId, body.name().strip(), body.dateOfBirth()))
                .creatingStream(clientId).created(accepted -> new Created.NewClient(clientId)));
    }

    @ApiResponse(responseCode = "201",
            content = @Content(schema = @Schema(implementation = Created.NewCondition.class)))
    @PostMapping("/{clientId}/conditions")
    public ResponseEntity<String> declareCondition(@PathVariable String clientId,
                                                   @Valid @RequestBody DeclareConditionRequest body,
                                                   HttpServletRequest request) {
        String conditionId = body.conditionId() != null ? body.conditionId() : UUID.randomUUID().toString();
        return runner.run(request, CommandRequest.to(clientId, body, new DeclareCondition(clientId, conditionId,
                        body.icd10Code().toUpperCase(Locale.ROOT), body.description(),
                        body.requiresClearance(), body.region()))
                .created(accepted -> new Created.NewCondition(conditionId)));
    }

    @PostMapping("/{clientId}/conditions/{conditionId}/resolution")
    public ResponseEntity<String> resolveCondition(@PathVariable String clientId, @PathVariable String conditionId,
                                                   @Valid @RequestBody ResolveConditionRequest body,
                                                   HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(clientId, body,
                new ResolveCondition(clientId, conditionId, body.note())));
    }

    @ApiResponse(responseCode = "201",
            content = @Content(schema = @Schema(implementation = Created.NewClearance.class)))
    @PostMapping("/{clientId}/clearances")
    public ResponseEntity<String> recordClearance(@PathVariable String clientId,
                                                  @Valid @RequestBody RecordClearanceRequest body,
                                                  HttpServletRequest request) {
        if (body.validUntil().isBefore(body.issuedOn())) {
            throw new InvalidInputException("validUntil", "must not be before issuedOn");
        }
        if (body.validUntil().isAfter(body.issuedOn().plus(MAX_CLEARANCE_VALIDITY))) {
            throw new InvalidInputException("validUntil", "must be at most " + MAX_CLEARANCE_VALIDITY.getYears()
                    + " years after issuedOn");
        }
        String clearanceId = body.clearanceId() != null ? body.clearanceId() : UUID.randomUUID().toString();
        Restrictions restrictions = body.restrictions() == null ? Restrictions.NONE
                : body.restrictions().toRestrictions();
        ProfessionalRequest p = body.professional();
        return runner.run(request, CommandRequest.to(clientId, body, new RecordClearance(clientId, clearanceId,
                        List.copyOf(body.conditionIds()), new Professional(p.name(), p.profession(), p.licenseNumber()),
                        body.issuedOn(), body.validUntil(), body.damageLocation(), restrictions,
                        body.documentSha256() == null ? null : body.documentSha256().toLowerCase(Locale.ROOT)))
                .created(accepted -> new Created.NewClearance(clearanceId)));
    }

    @PostMapping("/{clientId}/clearances/{clearanceId}/revocation")
    public ResponseEntity<String> revokeClearance(@PathVariable String clientId, @PathVariable String clearanceId,
                                                  @Valid @RequestBody RevokeClearanceRequest body,
                                                  HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(clientId, body,
                new RevokeClearance(clientId, clearanceId, body.reason())));
    }

    @PostMapping("/{clientId}/therapists")
    public ResponseEntity<String> assignTherapist(@PathVariable String clientId,
                                                  @Valid @RequestBody AssignTherapistRequest body,
                                                  HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(clientId, body,
                new AssignTherapist(clientId, body.therapistId())));
    }

    @PostMapping("/{clientId}/insurance")
    public ResponseEntity<String> recordInsurance(@PathVariable String clientId,
                                                  @Valid @RequestBody RecordInsuranceRequest body,
                                                  HttpServletRequest request) {
        return runner.run(request, CommandRequest.to(clientId, body, new RecordInsurance(clientId, body.insurerId(),
                body.policyNumber(), body.consentToShare())));
    }
}
