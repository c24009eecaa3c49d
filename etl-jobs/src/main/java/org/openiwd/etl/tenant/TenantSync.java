package org.openiwd.etl.tenant;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.openiwd.etl.feed.IwdApiClient;
import org.openiwd.etl.feed.IwdApiClient.ApiTenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Brings the registry in line with the tenants the IWD API lists for the cluster datamart key: new tenants are
 * registered (schema and migrations) without a restart, deleted ones stop being served. Configured with a
 * tenant's own datamart key (a per-tenant CronJob), it registers just that tenant and leaves the others alone.
 */
@Service
public class TenantSync {

    private static final Logger log = LoggerFactory.getLogger(TenantSync.class);

    private final IwdApiClient api;
    private final TenantRegistry registry;

    TenantSync(IwdApiClient api, TenantRegistry registry) {
        this.api = api;
        this.registry = registry;
    }

    /** Returns the tenants served after the sync. */
    public List<DataMartTenant> sync() {
        IwdApiClient.ServedTenants served = api.servedTenants();
        List<ApiTenant> listed = served.tenants();
        for (ApiTenant tenant : listed) {
            try {
                registry.register(DataMartTenant.of(tenant.id(), tenant.name(), tenant.timeZone()));
            }
            catch (RuntimeException e) {
                // One bad tenant must not keep the others from being served.
                log.error("Tenant {} cannot be registered: {}", tenant.id(), e.getMessage());
            }
        }
        if (!served.complete()) {
            return registry.active();
        }
        Set<String> ids = listed.stream().map(ApiTenant::id).collect(Collectors.toSet());
        registry.active().stream().filter(t -> !ids.contains(t.id())).forEach(t -> {
            log.info("Tenant {} is gone from IWD: no longer served", t.id());
            registry.markDeleted(t.id());
        });
        return registry.active();
    }
}
