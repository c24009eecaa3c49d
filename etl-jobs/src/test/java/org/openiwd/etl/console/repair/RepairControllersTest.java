package org.openiwd.etl.console.repair;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.etl.console.ConsoleWebTestConfiguration;
import org.openiwd.etl.console.tenants.TenantConsole;
import org.openiwd.etl.console.tenants.TenantRow;
import org.openiwd.etl.job.intraday.QuarantineReplay;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The repair tools by role: operators replay and reprocess, only admins rebuild. */
@WebMvcTest(controllers = {RepairPageController.class, RepairApiController.class})
@Import(ConsoleWebTestConfiguration.class)
class RepairControllersTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    RepairConsole repair;
    @MockitoBean
    TenantConsole tenantConsole;
    @MockitoBean
    TenantRegistry tenants;

    @BeforeEach
    void tenant() {
        given(tenants.active()).willReturn(List.of(DataMartTenant.of("100", "Acme", "UTC")));
        given(tenantConsole.row("100")).willReturn(new TenantRow("100", "Acme", "UTC", "tenant_100", 10L, 2L, null,
                null, 1L, 1000L, null));
        given(tenantConsole.quarantine("100", 50)).willReturn(List.of(new TenantConsole.QuarantineEntry(1, "task", 7L,
                "occurredAt is missing", "{\"id\":7}", null, 42L)));
    }

    @Test
    void theRebuildFormIsForAdminsOnly() throws Exception {
        mvc.perform(get("/console/repair").with(user("o").roles("OPERATOR")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"replay\"")))
                .andExpect(content().string(containsString("occurredAt is missing")))
                .andExpect(content().string(not(containsString("id=\"rebuild\""))));
        mvc.perform(get("/console/repair").with(user("a").roles("ADMIN")))
                .andExpect(content().string(containsString("id=\"rebuild\"")));
        mvc.perform(get("/console/repair").with(user("v").roles("VIEWER")))
                .andExpect(content().string(not(containsString("id=\"replay\""))));
    }

    @Test
    void anOperatorGets403OnRebuildAndAViewerOnEveryRepair() throws Exception {
        mvc.perform(post("/console/repair/100/rebuild").param("confirmation", "100").with(csrf())
                .with(user("o").roles("OPERATOR"))).andExpect(status().isForbidden());
        mvc.perform(post("/console/api/tenants/100/rebuild").with(csrf()).with(user("o").roles("OPERATOR"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"confirmation\":\"100\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/repair/100/replay").with(csrf()).with(user("v").roles("VIEWER")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/api/tenants/100/reprocess").with(csrf()).with(user("v").roles("VIEWER"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"from\":\"2026-03-01\",\"to\":\"2026-03-02\"}"))
                .andExpect(status().isForbidden());
        verifyNoInteractions(repair);
    }

    @Test
    void anOperatorReplaysAndReprocesses() throws Exception {
        given(repair.replay("100")).willReturn(new QuarantineReplay.Result(3, 1, 1, 9));
        mvc.perform(post("/console/repair/100/replay").with(csrf()).with(user("o").roles("OPERATOR")))
                .andExpect(flash().attribute("flash", "Quarantine replayed: 3 loaded, 1 failed again, 1 left"));
        LocalDate from = LocalDate.of(2026, 3, 1);
        LocalDate to = LocalDate.of(2026, 3, 2);
        given(repair.reprocess("100", from, to)).willReturn(new RepairConsole.Reprocess("100", from, to, 192, true));
        mvc.perform(post("/console/api/tenants/100/reprocess").with(csrf()).with(user("o").roles("OPERATOR"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"from\":\"2026-03-01\",\"to\":\"2026-03-02\"}"))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.intervalsMarked").value(192));
    }

    @Test
    void anAdminRebuildsWithTheTypedConfirmation() throws Exception {
        given(repair.rebuild("100", "100")).willReturn("Data Mart tenant_100 is being rebuilt from the feed");
        mvc.perform(post("/console/api/tenants/100/rebuild").with(csrf()).with(user("a").roles("ADMIN"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"confirmation\":\"100\"}"))
                .andExpect(status().isAccepted());
        verify(repair).rebuild("100", "100");
        given(repair.rebuild("100", "10")).willThrow(new org.openiwd.etl.console.ActionRefusedException(
                "Type the tenant id (100) to confirm the rebuild"));
        mvc.perform(post("/console/repair/100/rebuild").param("confirmation", "10").with(csrf())
                        .with(user("a").roles("ADMIN")))
                .andExpect(flash().attribute("flash", "Refused: Type the tenant id (100) to confirm the rebuild"));
    }
}
