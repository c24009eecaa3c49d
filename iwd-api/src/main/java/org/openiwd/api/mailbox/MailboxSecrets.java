package org.openiwd.api.mailbox;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Table {@code mailbox_secret}: a mailbox's secrets, sealed by {@link SecretCipher}. Plaintext never leaves this
 * class except through {@link #open}; every method runs in the caller's transaction.
 */
@Repository
class MailboxSecrets {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;

    MailboxSecrets(JdbcClient jdbc, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Which secrets are stored for the mailbox. */
    Set<SecretSlot> stored(String tenantId, String mailboxId) {
        return new HashSet<>(jdbc.sql("SELECT part, name FROM mailbox_secret WHERE tenant_id = ? AND mailbox_id = ?")
                .params(tenantId, mailboxId).query((rs, n) -> new SecretSlot(rs.getString(1), rs.getString(2)))
                .list());
    }

    /** Which secrets are stored, for every mailbox of the tenant. */
    Map<String, Set<SecretSlot>> storedByMailbox(String tenantId) {
        Map<String, Set<SecretSlot>> slots = new HashMap<>();
        jdbc.sql("SELECT mailbox_id, part, name FROM mailbox_secret WHERE tenant_id = ?").param(tenantId)
                .query(rs -> {
                    slots.computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                            .add(new SecretSlot(rs.getString(2), rs.getString(3)));
                });
        return slots;
    }

    /** Seals and stores the given secrets, deletes the cleared ones ({@code Optional.empty()}). */
    void apply(String tenantId, String mailboxId, Map<SecretSlot, Optional<String>> changes) {
        changes.forEach((slot, value) -> {
            if (value.isEmpty()) {
                jdbc.sql("DELETE FROM mailbox_secret WHERE tenant_id = ? AND mailbox_id = ? AND part = ? AND name = ?")
                        .params(tenantId, mailboxId, slot.part(), slot.name()).update();
            }
            else {
                store(tenantId, mailboxId, slot, cipher.seal(value.get(), slot.associatedData(tenantId, mailboxId)));
            }
        });
    }

    void deleteAll(String tenantId, String mailboxId) {
        jdbc.sql("DELETE FROM mailbox_secret WHERE tenant_id = ? AND mailbox_id = ?").params(tenantId, mailboxId)
                .update();
    }

    /** The mailbox's secrets in clear, by slot. */
    Map<SecretSlot, String> open(String tenantId, String mailboxId) {
        Map<SecretSlot, String> secrets = new HashMap<>();
        for (Row row : rows("WHERE tenant_id = ? AND mailbox_id = ?", tenantId, mailboxId)) {
            secrets.put(row.slot(), cipher.open(row.sealed(), row.slot().associatedData(tenantId, mailboxId)));
        }
        return secrets;
    }

    /**
     * Reseals with the current key up to {@code limit} secrets sealed with key {@code keyId}, locking them (other
     * replicas skip them); returns how many it resealed. Runs in the caller's transaction.
     */
    int resealBatch(String keyId, int limit) {
        List<Row> rows = rows("WHERE key_id = ? ORDER BY tenant_id, mailbox_id LIMIT ? FOR UPDATE SKIP LOCKED",
                keyId, limit);
        for (Row row : rows) {
            String associatedData = row.slot().associatedData(row.tenantId(), row.mailboxId());
            store(row.tenantId(), row.mailboxId(), row.slot(),
                    cipher.seal(cipher.open(row.sealed(), associatedData), associatedData));
        }
        return rows.size();
    }

    private record Row(String tenantId, String mailboxId, SecretSlot slot, SecretCipher.Sealed sealed) {
    }

    private List<Row> rows(String where, Object... params) {
        return jdbc.sql("SELECT tenant_id, mailbox_id, part, name, key_id, nonce, ciphertext FROM mailbox_secret "
                        + where)
                .params(params)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), new SecretSlot(rs.getString(3),
                        rs.getString(4)), new SecretCipher.Sealed(rs.getString(5), rs.getBytes(6), rs.getBytes(7))))
                .list();
    }

    private void store(String tenantId, String mailboxId, SecretSlot slot, SecretCipher.Sealed sealed) {
        jdbc.sql("""
                INSERT INTO mailbox_secret (tenant_id, mailbox_id, part, name, key_id, nonce, ciphertext)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, mailbox_id, part, name) DO UPDATE SET key_id = excluded.key_id,
                    nonce = excluded.nonce, ciphertext = excluded.ciphertext, updated_at = now()""")
                .params(tenantId, mailboxId, slot.part(), slot.name(), sealed.keyId(), sealed.nonce(),
                        sealed.ciphertext())
                .update();
    }
}
