package org.openiwd.etl.console.audit;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.console.ConsoleWebTestConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The audit log is for admins only, as a page and as JSON. */
@WebMvcTest(controllers = {AuditPageController.class, AuditApiController.class})
@Import(ConsoleWebTestConfiguration.class)
class AuditControllersTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ConsoleAudit audit;

    @Test
    void viewersAndOperatorsGet403() throws Exception {
        for (String role : List.of("VIEWER", "OPERATOR")) {
            mvc.perform(get("/console/audit").with(user("u").roles(role))).andExpect(status().isForbidden());
            mvc.perform(get("/console/api/audit").with(user("u").roles(role))).andExpect(status().isForbidden());
        }
    }

    @Test
    void anAdminReadsWhoDidWhatWhenAndHowItEnded() throws Exception {
        AuditEntry entry = new AuditEntry(5, OffsetDateTime.parse("2026-03-02T09:00:00Z"), "olga", "schedule.pause",
                "100", "intraday", AuditEntry.Outcome.REFUSED, "Tenant 100 has no schedule");
        given(audit.list(null, null, 0, 51)).willReturn(List.of(entry));
        given(audit.list(null, null, 0, 100)).willReturn(List.of(entry));
        mvc.perform(get("/console/audit").with(user("a").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("olga")))
                .andExpect(content().string(containsString("schedule.pause")))
                .andExpect(content().string(containsString("REFUSED")));
        mvc.perform(get("/console/api/audit").with(user("a").roles("ADMIN")))
                .andExpect(jsonPath("$[0].username").value("olga"))
                .andExpect(jsonPath("$[0].outcome").value("REFUSED"));
    }
}
