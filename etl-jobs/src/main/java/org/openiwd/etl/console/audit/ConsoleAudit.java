package org.openiwd.etl.console.audit;

import java.util.List;

import org.openiwd.etl.console.ConsoleUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Appends operator actions to {@code etl.console_audit} and reads them back, newest first. Each entry is its own
 * auto-committed insert, apart from the action's own transactions, so a failed action's rollback never erases
 * the record of the attempt. The user is the signed-in user of the calling thread. Thread-safe.
 */
@Service
public class ConsoleAudit {

    /** The largest page {@link #list} returns. */
    public static final int MAX_PAGE_SIZE = 500;

    private final JdbcClient jdbc;

    ConsoleAudit(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an action of the current user. */
    public void record(String action, String tenantId, String target, AuditEntry.Outcome outcome, String details) {
        record(ConsoleUser.currentName(), action, tenantId, target, outcome, details);
    }

    /** Records an action of {@code username}: the end of work a request started on another thread. */
    public void record(String username, String action, String tenantId, String target, AuditEntry.Outcome outcome,
            String details) {
        jdbc.sql("""
                INSERT INTO etl.console_audit (username, action, tenant_id, target, outcome, details)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(username, action, tenantId, target, outcome.name(),
                        details == null || details.length() <= 4000 ? details : details.substring(0, 4000))
                .update();
    }

    /** An operator action: what {@link #audited} runs. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws Exception;
    }

    /**
     * Runs an operator action and records it with its outcome: {@code OK} with {@code describe}'s text of the
     * result, {@code REFUSED} when it threw one of the refusals of {@link #isRefusal} (nothing changed),
     * {@code FAILED} for any other exception. The exception is rethrown as it is.
     */
    public <T> T audited(String action, String tenantId, String target, String details, Action<T> work,
            java.util.function.Function<T, String> describe) throws Exception {
        T result;
        try {
            result = work.run();
        }
        catch (Exception e) {
            record(action, tenantId, target, isRefusal(e) ? AuditEntry.Outcome.REFUSED : AuditEntry.Outcome.FAILED,
                    join(details, e.getMessage()));
            throw e;
        }
        record(action, tenantId, target, AuditEntry.Outcome.OK, join(details, describe.apply(result)));
        return result;
    }

    /**
     * Whether the exception refuses the action without changing anything: bad input, an unknown execution, a state
     * that does not allow it, a busy tenant.
     */
    public static boolean isRefusal(Throwable e) {
        return e instanceof IllegalArgumentException
                || e instanceof org.openiwd.etl.operation.ExecutionStateException
                || e instanceof org.openiwd.etl.operation.NoSuchExecutionException
                || e instanceof org.openiwd.etl.job.EtlJobRunner.TenantBusyException
                || e instanceof org.openiwd.etl.console.ActionRefusedException;
    }

    private static String join(String details, String more) {
        if (details == null || details.isBlank()) {
            return more;
        }
        return more == null || more.isBlank() ? details : details + "; " + more;
    }

    /** Page {@code page} (from 0) of the log, newest first; {@code username} and {@code action} filter when set. */
    public List<AuditEntry> list(String username, String action, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        return jdbc.sql("""
                SELECT audit_id, at, username, action, tenant_id, target, outcome, details FROM etl.console_audit
                WHERE (CAST(:user AS text) IS NULL OR username = :user)
                    AND (CAST(:action AS text) IS NULL OR action = :action)
                ORDER BY audit_id DESC LIMIT :limit OFFSET :offset""")
                .param("user", blankToNull(username)).param("action", blankToNull(action))
                .param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> new AuditEntry(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        AuditEntry.Outcome.valueOf(rs.getString(7)), rs.getString(8)))
                .list();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
