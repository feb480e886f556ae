package com.precautionfirst.query.web;

import com.precautionfirst.support.access.AccessLog;
import com.precautionfirst.support.access.AccessLogVerification;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who read which client's record, when (AUDITOR only), and the verification of the access log's hash chain
 * (AUDITOR and CLINIC_ADMIN), by QuerySecurityConfiguration.
 */
@RestController
public class AccessLogController {

    private final AccessLog log;
    private final AccessLogVerification verification;

    public AccessLogController(AccessLog log, AccessLogVerification verification) {
        this.log = log;
        this.verification = verification;
    }

    @Operation(summary = "Reads of client data (history, session, listing, audit trail, verification) and refused "
            + "requests of both services, in the order they happened, each with its place in the hash chain; "
            + "from/to are ISO dates or instants")
    @GetMapping("/api/access-log")
    public AccessLogAnswer accessLog(@RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to,
                                     @RequestParam(required = false) Integer page,
                                     @RequestParam(required = false) Integer size) {
        int p = QueryParameters.page(page);
        int s = QueryParameters.size(size);
        return new AccessLogAnswer(log.find(QueryParameters.from(from), QueryParameters.to(to), p, s), p, s);
    }

    @Operation(summary = "Recomputes the access log's hash chain (hash = SHA-256(previousHash + canonical entry)) "
            + "and names every entry that was changed, removed or inserted")
    @GetMapping("/api/access-log/verification")
    public AccessLogVerification.Result verify() {
        return verification.verify();
    }

    public record AccessLogAnswer(List<AccessLog.Entry> entries, int page, int size) {
    }
}
