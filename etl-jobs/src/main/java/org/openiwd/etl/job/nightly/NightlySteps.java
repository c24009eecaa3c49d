package org.openiwd.etl.job.nightly;

import org.openiwd.etl.job.TenantJobContext;
import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Makes {@code nightly}'s steps out of a piece of tenant work, each call of it in its own Data Mart transaction
 * (with the step's counts), so a failure rolls back only the call that failed and a restart goes on from the
 * Data Mart's state. Every step runs again when a failed run is restarted: the work must be idempotent.
 */
final class NightlySteps {

    /** Work for a tenant in the caller's transaction; returns how many units (tasks, rows) it handled. */
    @FunctionalInterface
    interface TenantWork {
        int run(DataMartTenant tenant, long auditKey);
    }

    private final JobRepository repository;
    private final PlatformTransactionManager transactions;
    private final TenantJobContext context;

    NightlySteps(JobRepository repository, PlatformTransactionManager transactions, TenantJobContext context) {
        this.repository = repository;
        this.transactions = transactions;
        this.context = context;
    }

    /** A step that does {@code work} once, in one transaction. */
    Step once(String name, TenantWork work) {
        return batched(name, Integer.MAX_VALUE, work);
    }

    /**
     * A step that calls {@code work} again, each call in its own transaction, while a call handles
     * {@code batchSize} units: the work takes at most that many per call.
     */
    Step batched(String name, int batchSize, TenantWork work) {
        return new StepBuilder(name, repository).tasklet((contribution, chunk) -> {
            int done = work.run(context.tenant(chunk), context.auditKey(chunk));
            contribution.incrementWriteCount(done);
            return done >= batchSize ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
        }, transactions).allowStartIfComplete(true).build();
    }
}
