package com.precautionfirst.support.access;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the access log's chain from the stored entries, in chain order, against the head recorded with the
 * last append, and names every entry that does not fit: changed (no longer hashes to its stored hash), removed (a
 * position missing, also at the end), inserted (a row outside the chain or beyond its head) or a broken link (an
 * entry whose predecessor was replaced). It reads one snapshot (a serializable, read-only transaction: a snapshot
 * on H2 and PostgreSQL alike), so appends running meanwhile neither block it nor confuse it.
 */
@Component
public class AccessLogVerification {

    static final int MAX_PROBLEMS = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    public AccessLogVerification(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(1000);
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
        this.snapshot.setReadOnly(true);
    }

    public Result verify() {
        return snapshot.execute(status -> {
            AccessLog.Head head = jdbc.queryForObject("SELECT last_position, last_hash FROM access_log_head WHERE id = 1",
                    (rs, i) -> new AccessLog.Head(rs.getLong(1), rs.getString(2)));
            Walk walk = new Walk();
            jdbc.query("SELECT " + AccessLog.COLUMNS + ", id FROM access_log ORDER BY chain_position NULLS LAST, id",
                    rs -> {
                        walk.next(AccessLog.entry(rs), rs.getLong("id"));
                    });
            return walk.end(head);
        });
    }

    /** The chain walked in order: what the next entry must link to, and what did not fit so far. */
    private static final class Walk {
        private long expected = 1;
        private String previous = AccessLogChain.GENESIS;
        private long checked;
        private final List<Problem> problems = new ArrayList<>();

        void next(AccessLog.Entry entry, long rowId) {
            checked++;
            if (entry.position() == null || entry.hash() == null || entry.previousHash() == null) {
                problem("row id " + rowId, "inserted: the row is not part of the chain (no position or hash)");
                return;
            }
            long position = entry.position();
            String where = "entry " + position + " (row id " + rowId + ")";
            if (position < expected) {
                problem(where, "inserted: a second entry at position " + position);
                return;
            }
            if (position > expected) {
                problem(range(expected, position - 1), "removed: missing from the chain before entry " + position);
            }
            if (!AccessLogChain.hash(entry.previousHash(), entry).equals(entry.hash())) {
                problem(where, "changed: the stored entry no longer matches its hash");
            } else if (position == expected && !entry.previousHash().equals(previous)) {
                problem(where, "broken link: its previousHash is not the hash of entry " + (position - 1)
                        + ", which was changed or replaced");
            }
            previous = entry.hash();
            expected = position + 1;
        }

        Result end(AccessLog.Head head) {
            long last = expected - 1;
            if (head.position() > last) {
                problem(range(last + 1, head.position()), "removed: the chain ends at entry " + last
                        + ", but entries up to " + head.position() + " were appended");
            } else if (head.position() < last) {
                problem(range(head.position() + 1, last), "inserted: beyond the last entry appended ("
                        + head.position() + ")");
            } else if (!head.hash().equals(previous)) {
                problem("entry " + last, "changed: its hash differs from the one recorded when it was appended");
            }
            return new Result(problems.isEmpty(), checked, List.copyOf(problems));
        }

        private void problem(String where, String what) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(where, what));
            }
        }

        private static String range(long first, long last) {
            return first == last ? "entry " + first : "entries " + first + ".." + last;
        }
    }

    /** {@code problems} names at most {@value #MAX_PROBLEMS} places; empty when valid. */
    public record Result(boolean valid, long checkedEntries, List<Problem> problems) {
    }

    public record Problem(String where, String what) {
    }
}
