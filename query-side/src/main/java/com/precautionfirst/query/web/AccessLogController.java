package com.precautionfirst.query.web;

import com.precautionfirst.query.access.AccessLog;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Who read which client's record, when (AUDITOR only, by QuerySecurityConfiguration). */
@RestController
public class AccessLogController {

    private final AccessLog log;

    public AccessLogController(AccessLog log) {
        this.log = log;
    }

    @Operation(summary = "Reads of client records (history, session, audit trail, verification), allowed and "
            + "refused, in the order they happened; from/to are ISO dates or instants")
    @GetMapping("/api/access-log")
    public AccessLogAnswer accessLog(@RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to,
                                     @RequestParam(required = false) Integer page,
                                     @RequestParam(required = false) Integer size) {
        int p = QueryParameters.page(page);
        int s = QueryParameters.size(size);
        return new AccessLogAnswer(log.find(QueryParameters.from(from), QueryParameters.to(to), p, s), p, s);
    }

    public record AccessLogAnswer(List<AccessLog.Entry> entries, int page, int size) {
    }
}
