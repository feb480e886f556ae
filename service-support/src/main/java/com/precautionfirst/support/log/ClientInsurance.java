package com.precautionfirst.support.log;

import com.precautionfirst.verifier.InsuranceConsent;
import com.precautionfirst.verifier.LogEvent;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One logged insurance record (decision 0061, table {@code log_client_insurance} of V74): which insurer the client
 * named, with or without consent to share, as leaf {@code leafIndex} of the signed log. So the clients of an insurer's
 * export as of a checkpoint are found without reading every client's events: those whose latest row below the
 * checkpoint's tree size names the insurer with consent. Derived from the stored event by the verifier's
 * {@link InsuranceConsent}, which the verifier also applies to the export's consent event; written in the log
 * processor's transaction beside the leaf (LogStore) and, for the events logged before, by V74. An insurer id longer
 * than the column is stored as null: no export can name it (query parameters take 64 characters).
 */
public record ClientInsurance(long leafIndex, InsuranceConsent consent) {

    static final int MAX_INSURER_ID = 255;

    /** The row of the event logged as this leaf, or empty when it is no insurance record of a client. */
    public static Optional<ClientInsurance> of(LogEvent event, long leafIndex) {
        return InsuranceConsent.of(event).map(consent -> new ClientInsurance(leafIndex, consent));
    }

    /** Inserts the rows, in the caller's transaction. */
    public static void append(JdbcTemplate jdbc, List<ClientInsurance> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO log_client_insurance (leaf_index, client_id, insurer_id, consent) "
                + "VALUES (?, ?, ?, ?)", rows.stream().map(row -> new Object[] {row.leafIndex(),
                        row.consent().clientId(), insurerId(row.consent()), row.consent().consentToShare()})
                .toList());
    }

    private static String insurerId(InsuranceConsent consent) {
        String insurerId = consent.insurerId();
        return insurerId == null || insurerId.length() > MAX_INSURER_ID ? null : insurerId;
    }
}
