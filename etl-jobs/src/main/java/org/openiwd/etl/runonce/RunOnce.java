package org.openiwd.etl.runonce;

import java.util.Arrays;
import java.util.Optional;

import org.openiwd.etl.EtlJobsApplication;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.recovery.DeadExecutionDetector;
import org.openiwd.etl.tenant.TenantRegistry;
import org.openiwd.etl.tenant.TenantSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One-shot mode, for a Kubernetes CronJob or a script: {@code java -jar etl-jobs.jar --run-once=JOB --tenant=ID}
 * starts no web server and no scheduler, registers the tenant if needed, takes its lock, runs the job and exits:
 * 0 when it completed, 1 when it failed, 2 for bad arguments, 3 when another run holds the tenant's lock. With
 * {@code --restart=EXECUTION_ID} it restarts that failed, stopped or recovered execution of the job and tenant
 * instead of starting a new run. Before either, it recovers the executions whose process died (a killed pod of an
 * earlier run), releasing the leases they held.
 */
public final class RunOnce {

    public static final int COMPLETED = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int LOCKED = 3;

    private static final Logger log = LoggerFactory.getLogger(RunOnce.class);

    private RunOnce() {
    }

    /** The job and tenant asked for, when the arguments ask for one-shot mode, and the execution to restart. */
    public record Request(String job, String tenant, Optional<String> restart) {

        public Request(String job, String tenant) {
            this(job, tenant, Optional.empty());
        }
    }

    public static Optional<Request> parse(String[] args) {
        Optional<String> job = value(args, "--run-once=");
        return job.map(j -> new Request(j, value(args, "--tenant=").orElse(""), value(args, "--restart=")));
    }

    /** Runs the request in an application without web server or scheduler; returns the exit status. */
    public static int run(Request request, String[] args) {
        if (request.job().isBlank() || request.tenant().isBlank()) {
            System.err.println("usage: java -jar etl-jobs.jar --run-once=JOB --tenant=ID [--restart=EXECUTION_ID]");
            return USAGE;
        }
        try (ConfigurableApplicationContext context = EtlJobsApplication.builder()
                .web(WebApplicationType.NONE)
                .properties("spring.quartz.auto-startup=false", "iwd.etl.scheduling.enabled=false")
                .properties(reportingOn(request))
                .run(args)) {
            EtlJobRunner runner = context.getBean(EtlJobRunner.class);
            if (!runner.jobNames().contains(request.job())) {
                System.err.println("run-once: no job '" + request.job() + "'; jobs: " + runner.jobNames());
                return USAGE;
            }
            if (context.getBean(TenantRegistry.class).find(request.tenant()).isEmpty()) {
                context.getBean(TenantSync.class).sync();
            }
            if (context.getBean(TenantRegistry.class).find(request.tenant()).isEmpty()) {
                System.err.println("run-once: tenant " + request.tenant() + " is not served: the IWD API does not"
                        + " list it for the configured datamart key");
                return FAILED;
            }
            recoverDeadExecutions(context);
            if (request.restart().isPresent()) {
                return RunOnceRestart.run(context, request);
            }
            JobExecution execution = runner.run(request.job(), request.tenant());
            BatchStatus status = execution.getStatus();
            log.info("run-once {} for tenant {}: {} ({})", request.job(), request.tenant(), status,
                    execution.getExitStatus().getExitCode());
            return status == BatchStatus.COMPLETED ? COMPLETED : FAILED;
        }
        catch (EtlJobRunner.TenantBusyException e) {
            System.err.println("run-once: " + e.getMessage());
            return LOCKED;
        }
        catch (Exception e) {
            log.error("run-once {} for tenant {} failed", request.job(), request.tenant(), e);
            return FAILED;
        }
    }

    /**
     * A one-shot deployment has no resident detector: a pod killed in the middle of a run would leave its execution
     * STARTED and its tenant's lease held until the lease ran out. So each run first sweeps, like the detector of a
     * resident replica does; a failed sweep does not stop the run (the next one sweeps again).
     */
    private static void recoverDeadExecutions(ConfigurableApplicationContext context) {
        try {
            context.getBean(DeadExecutionDetector.class).recoverDead();
        }
        catch (RuntimeException e) {
            log.warn("run-once: the sweep for dead executions failed, running anyway: {}", e.toString());
        }
    }

    /**
     * The process reports on its own run only, and when a Pushgateway is enabled
     * ({@code management.prometheus.metrics.export.pushgateway.enabled} and {@code .address}), it replaces the
     * group {@code job=<JOB>/tenant=<ID>} with its metrics when it ends, whether the run succeeded or not. These
     * are defaults: the command line and the configuration files win.
     */
    private static String[] reportingOn(Request request) {
        String pushgateway = "management.prometheus.metrics.export.pushgateway.";
        return new String[] {"iwd.etl.metrics.only-tenant=" + request.tenant(),
            "iwd.etl.metrics.only-job=" + request.job(),
            pushgateway + "job=" + request.job(),
            pushgateway + "grouping-key.tenant=" + request.tenant(),
            pushgateway + "shutdown-operation=put"};
    }

    private static Optional<String> value(String[] args, String prefix) {
        return Arrays.stream(args).filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length()))
                .findFirst();
    }
}
