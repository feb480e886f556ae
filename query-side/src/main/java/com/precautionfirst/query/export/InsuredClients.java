package com.precautionfirst.query.export;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The clients an insurer's export holds (decision 0061): those whose latest insurance record among the first
 * {@code treeSize} events of the signed log names the insurer with consent to share. Read from the rows the log writes
 * beside each insurance record ({@code log_client_insurance}, V74), not from every client's record. A later record
 * with {@code consentToShare: false}, or naming another insurer, takes the client out of every later export. The
 * export proves each client's consent with the signed insurance record it carries; that no client was left out is the
 * clinic's word (decision 0060).
 */
@Component
public class InsuredClients {

    private final JdbcTemplate jdbc;

    public InsuredClients(JdbcTemplate jdbc) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(1000);
    }

    /** The consenting clients of the insurer as of the tree of {@code treeSize} leaves, by client id. */
    public List<String> consenting(String insurerId, long treeSize) {
        return jdbc.queryForList("SELECT i.client_id FROM log_client_insurance i WHERE i.insurer_id = ? "
                + "AND i.consent = TRUE AND i.leaf_index < ? AND NOT EXISTS (SELECT 1 FROM log_client_insurance n "
                + "WHERE n.client_id = i.client_id AND n.leaf_index > i.leaf_index AND n.leaf_index < ?) "
                + "ORDER BY i.client_id", String.class, insurerId, treeSize, treeSize);
    }
}
