package org.openiwd.api.mailbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Key rotation: at start-up, reseals with the current key every secret sealed with a previous one, in batches of
 * short transactions (rows locked and skipped, so replicas starting together share the work). A secret sealed with
 * a key no longer configured is left alone: it stays unreadable until its key is configured again or the secret is
 * set anew.
 */
@Component
class SecretResealer implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SecretResealer.class);
    private static final int BATCH = 100;

    private final MailboxSecrets secrets;
    private final SecretCipher cipher;
    private final TransactionTemplate transactions;

    SecretResealer(MailboxSecrets secrets, SecretCipher cipher, TransactionTemplate transactions) {
        this.secrets = secrets;
        this.cipher = cipher;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (cipher.hasKey() && !cipher.previousKeyIds().isEmpty()) {
            int total = resealAll();
            log.info("Resealed {} mailbox secrets with the current encryption key", total);
        }
    }

    /** Reseals what the previous keys sealed; returns how many secrets it resealed. */
    int resealAll() {
        int total = 0;
        for (String keyId : cipher.previousKeyIds()) {
            int n;
            do {
                n = transactions.execute(status -> secrets.resealBatch(keyId, BATCH));
                total += n;
            }
            while (n == BATCH);
        }
        return total;
    }
}
