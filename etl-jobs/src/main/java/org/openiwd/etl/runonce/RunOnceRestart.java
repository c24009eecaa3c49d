package org.openiwd.etl.runonce;

import org.openiwd.etl.operation.ExecutionStateException;
import org.openiwd.etl.operation.ExecutionSummary;
import org.openiwd.etl.operation.JobOperations;
import org.openiwd.etl.operation.NoSuchExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.context.ApplicationContext;

/**
 * {@code --run-once=JOB --tenant=ID --restart=EXECUTION_ID}: restarts that execution through {@link JobOperations}
 * (under the tenant's lock), after checking that it is an execution of that job and tenant, so a script cannot
 * restart another tenant's run by a typo.
 */
final class RunOnceRestart {

    private static final Logger log = LoggerFactory.getLogger(RunOnceRestart.class);

    private RunOnceRestart() {
    }

    static int run(ApplicationContext context, RunOnce.Request request) throws Exception {
        long id;
        try {
            id = Long.parseLong(request.restart().orElseThrow());
        }
        catch (NumberFormatException e) {
            System.err.println("run-once: --restart needs a job execution id, not '" + request.restart().get() + "'");
            return RunOnce.USAGE;
        }
        JobOperations operations = context.getBean(JobOperations.class);
        try {
            ExecutionSummary old = operations.detail(id).summary();
            if (!old.jobName().equals(request.job()) || !request.tenant().equals(old.tenantId())) {
                System.err.println("run-once: job execution " + id + " is " + old.jobName() + " for tenant "
                        + old.tenantId() + ", not " + request.job() + " for " + request.tenant());
                return RunOnce.USAGE;
            }
            ExecutionSummary restarted = operations.restart(id);
            log.info("run-once restart of {} for tenant {}: execution {} {} ({})", request.job(), request.tenant(),
                    restarted.id(), restarted.status(), restarted.exitCode());
            return restarted.status() == BatchStatus.COMPLETED ? RunOnce.COMPLETED : RunOnce.FAILED;
        }
        catch (NoSuchExecutionException | ExecutionStateException e) {
            System.err.println("run-once: " + e.getMessage());
            return RunOnce.USAGE;
        }
    }
}
