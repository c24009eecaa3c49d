package org.openiwd.etl.runonce;

import java.util.Arrays;
import java.util.Optional;

import org.openiwd.etl.EtlJobsApplication;
import org.openiwd.etl.tenant.TenantRegistry;
import org.openiwd.etl.tenant.TenantSync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar etl-jobs.jar --drop-datamart=ID}: drops the Data Mart of a tenant deleted from IWD (its schema
 * with all its data, its BI role, its registration and schedules), for an operator. Starts no web server and no
 * scheduler. It first brings the registry in line with the API, so a tenant the API still lists is refused.
 * Exits 0 when the Data Mart is gone (also when there was none), 1 when refused or failed, 2 for bad arguments.
 */
public final class DropDataMart {

    private static final Logger log = LoggerFactory.getLogger(DropDataMart.class);

    private DropDataMart() {
    }

    /** The tenant named, when the arguments ask for a drop. */
    public static Optional<String> parse(String[] args) {
        return Arrays.stream(args).filter(a -> a.startsWith("--drop-datamart=")).findFirst()
                .map(a -> a.substring("--drop-datamart=".length()));
    }

    public static int run(String tenantId, String[] args) {
        if (tenantId.isBlank()) {
            System.err.println("usage: java -jar etl-jobs.jar --drop-datamart=ID");
            return RunOnce.USAGE;
        }
        try (ConfigurableApplicationContext context = EtlJobsApplication.builder()
                .web(WebApplicationType.NONE)
                .properties("spring.quartz.auto-startup=false", "iwd.etl.scheduling.enabled=false")
                .run(args)) {
            context.getBean(TenantSync.class).sync();
            context.getBean(TenantRegistry.class).drop(tenantId);
            log.info("drop-datamart: the Data Mart of tenant {} is gone", tenantId);
            return RunOnce.COMPLETED;
        }
        catch (Exception e) {
            System.err.println("drop-datamart: " + e.getMessage());
            log.error("drop-datamart {} failed", tenantId, e);
            return RunOnce.FAILED;
        }
    }
}
