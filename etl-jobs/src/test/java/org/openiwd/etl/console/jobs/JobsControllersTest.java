package org.openiwd.etl.console.jobs;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.etl.console.ConsoleWebTestConfiguration;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The jobs overview page and API: failures stand out, the launch form is for operators only. */
@WebMvcTest(controllers = {JobsPageController.class, JobsApiController.class})
@Import(ConsoleWebTestConfiguration.class)
class JobsControllersTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    JobsOverview overview;
    @MockitoBean
    TenantRegistry tenants;
    @MockitoBean
    EtlJobRunner runner;

    @BeforeEach
    void rows() {
        given(overview.rows()).willReturn(List.of(
                new JobRow("100", "intraday", 9L, "FAILED", LocalDateTime.now(), LocalDateTime.now(),
                        LocalDateTime.now().minusHours(1), 4.2, 3.5, 2, "0 */15 * * * ?", true, Instant.now()),
                new JobRow("100", "nightly", null, null, null, null, null, null, null, 0, "0 30 1 * * ?", false,
                        Instant.now())));
        given(tenants.active()).willReturn(List.of(DataMartTenant.of("100", "Acme", "UTC")));
        given(runner.jobNames()).willReturn(Set.of("intraday", "nightly"));
    }

    @Test
    void aViewerSeesEachTenantsJobsWithFailuresMarkedAndNoLaunchForm() throws Exception {
        mvc.perform(get("/console/jobs").with(user("v").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("class=\"failed\"")))
                .andExpect(content().string(containsString("never ran")))
                .andExpect(content().string(containsString("paused")))
                .andExpect(content().string(containsString("4.2 s")))
                .andExpect(content().string(containsString("href=\"/console/reports\"")))
                .andExpect(content().string(not(containsString("id=\"launch\""))))
                .andExpect(content().string(not(containsString("href=\"/console/audit\""))));
    }

    @Test
    void anOperatorGetsTheLaunchFormAndAnAdminTheAuditLink() throws Exception {
        mvc.perform(get("/console/jobs").with(user("o").roles("OPERATOR")))
                .andExpect(content().string(containsString("id=\"launch\"")));
        mvc.perform(get("/console/jobs").with(user("a").roles("ADMIN")))
                .andExpect(content().string(containsString("href=\"/console/audit\"")));
    }

    @Test
    void theApiListsTheSameRows() throws Exception {
        mvc.perform(get("/console/api/jobs").with(user("v").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].job").value("intraday"))
                .andExpect(jsonPath("$[0].lastStatus").value("FAILED"))
                .andExpect(jsonPath("$[1].scheduleEnabled").value(false));
    }

    @Test
    void anonymousIsSentToSignIn() throws Exception {
        mvc.perform(get("/console/jobs")).andExpect(redirectedUrl("/console/login"));
        mvc.perform(get("/console/api/jobs")).andExpect(status().isUnauthorized());
    }
}
