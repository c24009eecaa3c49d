package org.openiwd.etl.console.tenants;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.console.ConsoleWebTestConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The tenants page and API: watermarks, lag, quarantine and size, readable by viewers. */
@WebMvcTest(controllers = {TenantsPageController.class, TenantsApiController.class})
@Import(ConsoleWebTestConfiguration.class)
class TenantsControllersTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    TenantConsole tenants;

    @Test
    void aViewerSeesEachTenantsDataMartAtAGlance() throws Exception {
        given(tenants.rows()).willReturn(List.of(new TenantRow("100", "Acme", "UTC", "tenant_100", 1234L, 56L,
                Instant.parse("2026-03-02T09:00:00Z"), 11_520L, 3L, 12_345_678L, null)));
        mvc.perform(get("/console/tenants").with(user("v").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("1,234")))
                .andExpect(content().string(containsString("3 h 12 min")))
                .andExpect(content().string(containsString("12.3 MB")));
        mvc.perform(get("/console/api/tenants").with(user("v").roles("VIEWER")))
                .andExpect(jsonPath("$[0].quarantined").value(3)).andExpect(jsonPath("$[0].sizeBytes").value(12345678));
    }

    @Test
    void anUnknownTenantIsABadRequestProblem() throws Exception {
        given(tenants.row("nope")).willThrow(new IllegalArgumentException("Tenant nope is not registered"));
        mvc.perform(get("/console/api/tenants/nope").with(user("v").roles("VIEWER")))
                .andExpect(status().isBadRequest());
    }

    @Test
    void anonymousIsSentToSignIn() throws Exception {
        mvc.perform(get("/console/tenants")).andExpect(redirectedUrl("/console/login"));
        mvc.perform(get("/console/api/tenants/100/quarantine")).andExpect(status().isUnauthorized());
    }
}
