package com.precautionfirst.support.access;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who read (or was refused) which client's record, when, through which endpoint, with what outcome: the table
 * {@code access_log}, shared by every command-side and query-side process, written on access (not events: an
 * access decides nothing about the treatment).
 * <p>
 * The entries form one hash chain ({@link AccessLogChain}). Every append locks the single row of
 * {@code access_log_head} ({@code SELECT ... FOR UPDATE}, on H2 and PostgreSQL alike) and writes its entries and
 * the new head in that same transaction, so appends from any number of processes form one linear chain. A failed
 * append throws {@link AccessLogUnavailableException}; callers answer no record then.
 */
@Repository
public class AccessLog {

    static final String COLUMNS = "chain_position, read_at_micros, user_id, role, client_id, session_id, endpoint, "
            + "outcome, previous_hash, hash";
    /** Lost lock waits (H2's lock timeout) and positions taken meanwhile are retried this often. */
    private static final int ATTEMPTS = 5;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    public AccessLog(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    public void append(Access access) {
        append(List.of(access));
    }

    /** Appends the accesses at the end of the chain, all or none, in a transaction of their own. */
    public void append(List<Access> accesses) {
        if (accesses.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                ownTransaction.executeWithoutResult(status -> appendAfterHead(accesses));
                return;
            } catch (TransientDataAccessException | DuplicateKeyException e) {
                if (attempt >= ATTEMPTS) {
                    throw new AccessLogUnavailableException(e);
                }
            } catch (DataAccessException | TransactionException e) {
                throw new AccessLogUnavailableException(e);
            }
        }
    }

    private void appendAfterHead(List<Access> accesses) {
        Head head = jdbc.queryForObject("SELECT last_position, last_hash FROM access_log_head WHERE id = 1 FOR UPDATE",
                (rs, i) -> new Head(rs.getLong(1), rs.getString(2)));
        Instant at = AccessLogChain.instant(AccessLogChain.micros(clock.instant()));
        long position = head.position();
        String previous = head.hash();
        for (Access access : accesses) {
            position++;
            Entry entry = new Entry(position, at, access.userId(), access.role(), access.clientId(),
                    access.sessionId(), access.endpoint(), access.outcome().name(), previous, null);
            String hash = AccessLogChain.hash(previous, entry);
            jdbc.update("INSERT INTO access_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    position, AccessLogChain.micros(at), entry.userId(), entry.role(), entry.clientId(),
                    entry.sessionId(), entry.endpoint(), entry.outcome(), previous, hash);
            previous = hash;
        }
        jdbc.update("UPDATE access_log_head SET last_position = ?, last_hash = ? WHERE id = 1", position, previous);
    }

    /** Entries in the order they were appended; {@code from} inclusive, {@code to} exclusive, either may be null. */
    public List<Entry> find(Instant from, Instant to, int page, int size) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM access_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (from != null) {
            sql.append(" AND read_at_micros >= ?");
            args.add(AccessLogChain.micros(from));
        }
        if (to != null) {
            sql.append(" AND read_at_micros < ?");
            args.add(AccessLogChain.micros(to));
        }
        sql.append(" ORDER BY read_at_micros, chain_position LIMIT ? OFFSET ?");
        args.add(size);
        args.add((long) page * size);
        return jdbc.query(sql.toString(), (rs, i) -> entry(rs), args.toArray());
    }

    /** The entry of a row selected as {@link #COLUMNS}. */
    static Entry entry(ResultSet rs) throws SQLException {
        long position = rs.getLong(1);
        return new Entry(rs.wasNull() ? null : position, AccessLogChain.instant(rs.getLong(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getString(10));
    }

    /** The chain's last entry, as access_log_head remembers it (position 0 and GENESIS before the first). */
    record Head(long position, String hash) {
    }

    /**
     * One stored entry. {@code position} is its place in the chain (1, 2, ...); null, like its hashes, only for a
     * row that was not appended through this class. {@code clientId} and {@code sessionId} are null where the
     * request named none (or none that exists).
     */
    public record Entry(@Schema(nullable = true) Long position, Instant at, String userId, String role,
                        @Schema(nullable = true) String clientId, @Schema(nullable = true) String sessionId,
                        String endpoint, String outcome, @Schema(nullable = true) String previousHash,
                        @Schema(nullable = true) String hash) {
    }
}
