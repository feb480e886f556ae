package com.precautionfirst.query.dashboard;

import com.precautionfirst.api.vocabulary.Role;
import com.precautionfirst.query.history.ClientHistoryRepository;
import com.precautionfirst.query.history.ClientRecord;
import com.precautionfirst.query.session.SessionRepository;
import com.precautionfirst.support.security.Caller;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The "My clients" list: a therapist's assigned clients (never another's, not even a name), every client for
 * administrators and auditors; narrowed by a search in the id or name; ordered by name; paged. Each row with its
 * clearance status on the day and the client's latest session. Filters the records in memory
 * ({@link ClientHistoryRepository#all}): the records hold the assignments, and a clinic's clients are few enough.
 */
@Component
public class ClientList {

    static final int PAGE_SIZE = 25;

    private final ClientHistoryRepository records;
    private final SessionRepository sessions;

    public ClientList(ClientHistoryRepository records, SessionRepository sessions) {
        this.records = records;
        this.sessions = sessions;
    }

    /** One row of the list. */
    public record Row(ClientRecord client, Precautions precautions, SessionRepository.LastSession lastSession) {
    }

    public record Page(List<Row> rows, int page, long total) {
        public boolean hasNext() {
            return (long) (page + 1) * PAGE_SIZE < total;
        }
    }

    public Page find(Caller caller, String search, int page, LocalDate day) {
        String needle = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
        List<ClientRecord> visible = records.all().stream()
                .filter(c -> !caller.is(Role.THERAPIST) || c.isAssigned(caller.userId()))
                .filter(c -> needle.isEmpty() || c.clientId.toLowerCase(Locale.ROOT).contains(needle)
                        || (c.name != null && c.name.toLowerCase(Locale.ROOT).contains(needle)))
                .sorted(Comparator.comparing((ClientRecord c) -> c.name == null ? "" : c.name.toLowerCase(Locale.ROOT))
                        .thenComparing(c -> c.clientId))
                .toList();
        List<ClientRecord> shown = visible.stream().skip((long) page * PAGE_SIZE).limit(PAGE_SIZE).toList();
        Map<String, SessionRepository.LastSession> last = sessions.lastSessions(
                shown.stream().map(c -> c.clientId).toList());
        return new Page(shown.stream().map(c -> new Row(c, Precautions.of(c, day), last.get(c.clientId))).toList(),
                page, visible.size());
    }
}
