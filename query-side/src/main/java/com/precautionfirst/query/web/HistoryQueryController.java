package com.precautionfirst.query.web;

import com.precautionfirst.query.history.ClientHistory;
import com.precautionfirst.query.history.ClientHistoryRepository;
import com.precautionfirst.support.web.NotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A client's treatment history (API.md, query-side table). */
@RestController
public class HistoryQueryController {

    private final ClientHistoryRepository histories;

    public HistoryQueryController(ClientHistoryRepository histories) {
        this.histories = histories;
    }

    @GetMapping("/api/clients/{clientId}/history")
    public ClientHistory history(@PathVariable String clientId) {
        return histories.find(clientId).orElseThrow(() -> new NotFoundException("No client " + clientId + "."));
    }
}
