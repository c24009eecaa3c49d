package org.openiwd.etl.console;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.console.audit.ConsoleAudit;
import org.openiwd.etl.console.jobs.JobsOverview;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The console's sign-in and the rules every page and API share: anonymous pages redirect to the sign-in page,
 * anonymous API calls get 401 with a Basic challenge, htmx calls of an expired session get an HX-Redirect, the
 * configured bcrypt users sign in with the right password only, forms need the CSRF token while Basic-authenticated
 * API calls do not, and paths outside {@code /console} are not secured by the console.
 */
@WebMvcTest(properties = {
    "iwd.console.users[0].username=viewer",
    "iwd.console.users[0].password-hash=$2a$10$q39M1S44GCNowG9XI6.theQyAep8b7Q7NfLkB3xSEb8mCoJQDUrmq",
    "iwd.console.users[0].role=VIEWER",
    "iwd.console.users[1].username=operator",
    "iwd.console.users[1].password-hash={bcrypt}$2a$10$TwvJ2Xiy0Bo6.dHqB6OIAuq1UASlgYGtZmoRySARP/FahKCU6twfO",
    "iwd.console.users[1].role=OPERATOR"},
        controllers = {ConsoleLoginController.class, ConsoleHomeController.class})
@Import(ConsoleWebTestConfiguration.class)
class ConsoleSecurityTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    UserDetailsService users;
    @MockitoBean
    JobsOverview overview;
    @MockitoBean
    TenantRegistry tenants;
    @MockitoBean
    EtlJobRunner runner;
    @MockitoBean
    ConsoleAudit audit;

    @Test
    void anonymousPagesRedirectToTheSignInPage() throws Exception {
        mvc.perform(get("/console/jobs")).andExpect(status().isFound())
                .andExpect(redirectedUrl("/console/login"));
        mvc.perform(get("/console")).andExpect(status().isFound()).andExpect(redirectedUrl("/console/login"));
    }

    @Test
    void anonymousApiCallsGet401WithABasicChallengeNotARedirect() throws Exception {
        mvc.perform(get("/console/api/jobs")).andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("Basic")));
    }

    @Test
    void anonymousHtmxCallsOfAnExpiredSessionAreSentToTheSignInPageWhole() throws Exception {
        mvc.perform(get("/console/executions/1/progress").header("HX-Request", "true"))
                .andExpect(status().isUnauthorized()).andExpect(header().string("HX-Redirect", "/console/login"));
    }

    @Test
    void theSignInPageIsOpenAndCarriesTheCsrfToken() throws Exception {
        mvc.perform(get("/console/login")).andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"_csrf\"")))
                .andExpect(content().string(containsString("Sign in")));
    }

    @Test
    void aConfiguredUserSignsInWithTheRightPasswordOnly() throws Exception {
        mvc.perform(formLogin("/console/login").user("operator").password("operator-secret"))
                .andExpect(authenticated().withUsername("operator").withRoles("OPERATOR"))
                .andExpect(redirectedUrl("/console"));
        mvc.perform(formLogin("/console/login").user("operator").password("wrong"))
                .andExpect(unauthenticated()).andExpect(redirectedUrl("/console/login?error"));
        mvc.perform(formLogin("/console/login").user("viewer").password("viewer-secret"))
                .andExpect(authenticated().withRoles("VIEWER"));
    }

    @Test
    void aSignInFormWithoutTheCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/console/login").param("username", "operator").param("password", "operator-secret"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aPostWithSessionCredentialsNeedsTheCsrfTokenButABasicApiCallDoesNot() throws Exception {
        mvc.perform(post("/console/api/executions/1/stop")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user("operator").roles("OPERATOR")))
                .andExpect(status().isForbidden());
        // Past security (no CSRF needed): no controller is in this slice, so the answer is 404, not 403.
        mvc.perform(post("/console/api/executions/1/stop").with(httpBasic("operator", "operator-secret")))
                .andExpect(status().isNotFound());
        mvc.perform(post("/console/api/executions/1/stop").with(httpBasic("operator", "wrong")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aViewerIsRefusedAnyActionEvenWithTheCsrfToken() throws Exception {
        mvc.perform(post("/console/api/executions/1/stop").with(httpBasic("viewer", "viewer-secret")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/executions/1/stop").with(csrf())
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user("viewer").roles("VIEWER")))
                .andExpect(status().isForbidden());
    }

    @Test
    void signOutEndsTheSessionAndReturnsToTheSignInPage() throws Exception {
        mvc.perform(post("/console/logout").accept(org.springframework.http.MediaType.TEXT_HTML).with(csrf())
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user("viewer").roles("VIEWER")))
                .andExpect(redirectedUrl("/console/login?signedOut"));
    }

    @Test
    void pathsOutsideTheConsoleAreNotSecuredByIt() throws Exception {
        mvc.perform(get("/somewhere-else")).andExpect(status().isNotFound());
    }
}
