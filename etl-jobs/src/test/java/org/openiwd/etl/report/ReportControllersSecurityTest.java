package org.openiwd.etl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openiwd.etl.console.ConsoleWebTestConfiguration;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Who may read the reports, through the console's real security configuration: every signed-in role (viewer,
 * operator, admin) reads the pages, the CSV and the JSON; a person who is not signed in is sent to the sign-in page
 * (pages, CSV) or gets 401 (API); a signed-in user without a console role gets 403; tools sign in with HTTP Basic.
 * The report service is replaced by a stub here: what the reports contain is {@link ReportsMatchTheViewsTest}'s.
 */
@WebMvcTest(controllers = {ReportPageController.class, ReportApiController.class})
@Import(ConsoleWebTestConfiguration.class)
class ReportControllersSecurityTest {

    private static final String PASSWORD = "report-reader-secret";

    @DynamicPropertySource
    static void users(DynamicPropertyRegistry registry) {
        registry.add("iwd.console.users[0].username", () -> "tool");
        registry.add("iwd.console.users[0].password-hash", () -> new BCryptPasswordEncoder(4).encode(PASSWORD));
        registry.add("iwd.console.users[0].role", () -> "VIEWER");
    }

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ReportService reports;
    @MockitoBean
    ReportFilterOptions filterOptions;
    @MockitoBean
    TenantRegistry tenants;

    private final DataMartTenant tenant = DataMartTenant.of("100", "Tenant 100", "Europe/Paris");

    @BeforeEach
    void stubs() {
        when(tenants.active()).thenReturn(List.of(tenant));
        when(tenants.find("100")).thenReturn(Optional.of(tenant));
        when(reports.tenant("100")).thenReturn(tenant);
        when(filterOptions.of(eq(tenant), any())).thenReturn(Map.of());
        when(reports.run(any(), any())).thenAnswer(call -> {
            ReportRequest request = call.getArgument(1);
            return new ReportResult(call.getArgument(0), tenant, request, "tenant_100.iwd_agg_task_classif_fact_day",
                    List.of(new ReportColumn("period", "Day", ReportColumn.Type.TEXT, false),
                            new ReportColumn("interval_start", "Start", ReportColumn.Type.TEXT, true),
                            new ReportColumn("local_date", "Local date", ReportColumn.Type.TEXT, true),
                            new ReportColumn("created", "Created", ReportColumn.Type.INTEGER, false),
                            new ReportColumn("completed", "Completed", ReportColumn.Type.INTEGER, false),
                            new ReportColumn("canceled", "Canceled", ReportColumn.Type.INTEGER, false),
                            new ReportColumn("rejected", "Rejected", ReportColumn.Type.INTEGER, false)),
                    List.of(List.of("2026-03-02", "2026-03-02T00:00:00+01:00", "2026-03-02", 7L, 3L, 1L, 1L)),
                    false, 10_000);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"VIEWER", "OPERATOR", "ADMIN"})
    void everySignedInRoleReadsThePagesTheCsvAndTheJson(String role) throws Exception {
        String query = "?tenant=100&from=2026-03-02&to=2026-03-02&granularity=day";
        mvc.perform(get("/console/reports").with(user("u").roles(role))).andExpect(status().isOk());
        String page = mvc.perform(get("/console/reports/volumes" + query).with(user("u").roles(role)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(WebRows.tableCells(page)).containsExactly(List.of("2026-03-02", "7", "3", "1", "1"));
        mvc.perform(get("/console/reports/volumes.csv" + query).with(user("u").roles(role)))
                .andExpect(status().isOk()).andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"));
        mvc.perform(get("/console/api/reports/volumes" + query).with(user("u").roles(role)))
                .andExpect(status().isOk());
        mvc.perform(get("/console/api/reports").with(user("u").roles(role))).andExpect(status().isOk());
    }

    @Test
    void someoneNotSignedInIsSentToTheSignInPage() throws Exception {
        mvc.perform(get("/console/reports")).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/console/login"));
        mvc.perform(get("/console/reports/volumes?tenant=100")).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/console/login"));
        mvc.perform(get("/console/reports/volumes.csv?tenant=100")).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/console/login"));
    }

    @Test
    void theApiAnswers401WithoutCredentialsAndServesToolsThatSignInWithBasic() throws Exception {
        mvc.perform(get("/console/api/reports/volumes?tenant=100")).andExpect(status().isUnauthorized());
        mvc.perform(get("/console/api/reports/volumes?tenant=100").with(httpBasic("tool", "wrong")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/console/api/reports/volumes?tenant=100").with(httpBasic("tool", PASSWORD)))
                .andExpect(status().isOk());
        mvc.perform(get("/console/api/reports/volumes.csv?tenant=100").with(httpBasic("tool", PASSWORD)))
                .andExpect(status().isOk());
    }

    @Test
    void aSignedInUserWithoutAConsoleRoleIsRefused() throws Exception {
        mvc.perform(get("/console/reports/volumes?tenant=100").with(user("nobody").authorities(List.of())))
                .andExpect(status().isForbidden());
        mvc.perform(get("/console/api/reports/volumes?tenant=100").with(user("nobody").authorities(List.of())))
                .andExpect(status().isForbidden());
    }
}
