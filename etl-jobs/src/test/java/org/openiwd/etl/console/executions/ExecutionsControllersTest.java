package org.openiwd.etl.console.executions;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.console.ConsoleWebTestConfiguration;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.operation.ExecutionDetail;
import org.openiwd.etl.operation.ExecutionFilter;
import org.openiwd.etl.operation.ExecutionPage;
import org.openiwd.etl.operation.ExecutionSummary;
import org.openiwd.etl.operation.StepSummary;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The executions pages and API, by role: viewers read, operators act, every action needs CSRF or Basic. */
@WebMvcTest(controllers = {ExecutionsPageController.class, ExecutionsApiController.class})
@Import(ConsoleWebTestConfiguration.class)
class ExecutionsControllersTest {

    static final ExecutionSummary FAILED = new ExecutionSummary(42, 7, "intraday", "100", BatchStatus.FAILED, "FAILED",
            LocalDateTime.of(2026, 3, 2, 9, 0), LocalDateTime.of(2026, 3, 2, 9, 0, 1),
            LocalDateTime.of(2026, 3, 2, 9, 0, 5), "1@host", null, null, null);
    static final ExecutionSummary RUNNING = new ExecutionSummary(43, 8, "intraday", "100", BatchStatus.STARTED,
            "UNKNOWN", LocalDateTime.now(), LocalDateTime.now(), null, "1@host", null, null, null);
    static final StepSummary STEP = new StepSummary(1, "loadIntraday", BatchStatus.FAILED,
            LocalDateTime.of(2026, 3, 2, 9, 0, 1), LocalDateTime.of(2026, 3, 2, 9, 0, 5), 1200, 1195, 0, 5, 0, 0, 2,
            1, "FAILED", "java.lang.IllegalStateException: Cannot read events after 5 attempts");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ExecutionConsole executions;
    @MockitoBean
    TenantRegistry tenants;
    @MockitoBean
    EtlJobRunner runner;

    @Test
    void aViewerSeesTheFilteredListWithFailuresMarked() throws Exception {
        given(executions.list(any(), eq(0), eq(25))).willReturn(new ExecutionPage(List.of(FAILED), 0, 25, 1));
        given(tenants.active()).willReturn(List.of(DataMartTenant.of("100", "Acme", "UTC")));
        mvc.perform(get("/console/executions").param("tenant", "100").param("status", "failed")
                        .param("from", "2026-03-01").param("to", "2026-03-02").param("param", "reason=manual")
                        .with(user("v").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("class=\"failed\"")))
                .andExpect(content().string(containsString("/console/executions/42")));
        verify(executions).list(new ExecutionFilter(null, "100", BatchStatus.FAILED,
                LocalDateTime.of(2026, 3, 1, 0, 0), LocalDateTime.of(2026, 3, 3, 0, 0), "reason", "manual"), 0, 25);
    }

    @Test
    void anUnknownStatusIsABadRequestProblemInTheApi() throws Exception {
        mvc.perform(get("/console/api/executions").param("status", "sleeping").with(user("v").roles("VIEWER")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", containsString("No status 'sleeping'")));
    }

    @Test
    void theDetailShowsStepsCountsExitMessagesAndQuarantinedItems() throws Exception {
        var detail = new ExecutionDetail(FAILED, Map.of("tenant", "100"), "java.lang.IllegalStateException: boom\n\tat x",
                List.of(STEP));
        given(executions.view(42)).willReturn(new ExecutionView(detail, List.of(new QuarantinedItem(3, "task", 99L,
                "occurredAt is missing", "{\"id\":99}", null)), 1));
        given(executions.progress(42, null)).willReturn(new Progress(FAILED, List.of(STEP), 1200, null, 500, null,
                null, 0, null));
        mvc.perform(get("/console/executions/42").with(user("v").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("loadIntraday")))
                .andExpect(content().string(containsString("1,195")))
                .andExpect(content().string(containsString("boom")))
                .andExpect(content().string(containsString("occurredAt is missing")))
                .andExpect(content().string(containsString("Cannot read events after 5 attempts")))
                // A viewer sees no action buttons.
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"restart\""))));
    }

    @Test
    void anOperatorSeesTheActionsTheStateAllows() throws Exception {
        var detail = new ExecutionDetail(FAILED, Map.of(), null, List.of(STEP));
        given(executions.view(42)).willReturn(new ExecutionView(detail, List.of(), 0));
        given(executions.progress(42, null)).willReturn(new Progress(FAILED, List.of(STEP), 1200, null, 500, null,
                null, 0, null));
        mvc.perform(get("/console/executions/42").with(user("o").roles("OPERATOR")))
                .andExpect(content().string(containsString("id=\"restart\"")))
                .andExpect(content().string(containsString("id=\"abandon\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"stop\""))));
    }

    @Test
    void theProgressFragmentOfARunningExecutionPollsWithItsLastSample() throws Exception {
        given(executions.progress(eq(43L), eq(new Progress.Sample(1000, 10, 5))))
                .willReturn(new Progress(RUNNING, List.of(), 60, 25.0, 55, 155L, 4.0, 3000, null));
        mvc.perform(get("/console/executions/43/progress").param("at", "1000").param("items", "10")
                        .param("position", "5").with(user("v").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("hx-trigger=\"every 2s\"")))
                .andExpect(content().string(containsString("at=3000")))
                .andExpect(content().string(containsString("25.0/s")))
                .andExpect(content().string(containsString("4.0 s")));
    }

    @Test
    void whenTheWatchedExecutionEndsThePageReloadsWhole() throws Exception {
        given(executions.progress(eq(42L), any())).willReturn(new Progress(FAILED, List.of(), 60, 1.0, 55, null,
                null, 3000, null));
        mvc.perform(get("/console/executions/42/progress").param("at", "1000").param("items", "10")
                        .param("position", "5").with(user("v").roles("VIEWER")))
                .andExpect(header().string("HX-Refresh", "true"))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("hx-trigger"))));
    }

    @Test
    void aViewerGets403OnEveryActionAndNothingRuns() throws Exception {
        for (String action : List.of("stop", "restart", "abandon", "recover")) {
            mvc.perform(post("/console/executions/42/" + action).with(csrf()).with(user("v").roles("VIEWER")))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/console/api/executions/42/" + action).with(csrf()).with(user("v").roles("VIEWER")))
                    .andExpect(status().isForbidden());
        }
        mvc.perform(post("/console/executions").param("job", "intraday").param("tenant", "100").with(csrf())
                .with(user("v").roles("VIEWER"))).andExpect(status().isForbidden());
        verifyNoInteractions(executions);
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefusedEvenForAnAdmin() throws Exception {
        mvc.perform(post("/console/executions/42/restart").with(user("a").roles("ADMIN")))
                .andExpect(status().isForbidden());
        verify(executions, never()).restart(42);
    }

    @Test
    void anOperatorLaunchesWithParametersAndLandsOnTheNewExecution() throws Exception {
        given(executions.launch("intraday", "100", Map.of("reason", "manual", "day", "2026-03-02")))
                .willReturn(new ExecutionConsole.Started(RUNNING, false));
        mvc.perform(post("/console/executions").param("job", "intraday").param("tenant", "100")
                        .param("parameters", "reason=manual\nday = 2026-03-02\n").with(csrf())
                        .with(user("o").roles("OPERATOR")))
                .andExpect(redirectedUrl("/console/executions/43"))
                .andExpect(flash().attribute("flashError", false));
    }

    @Test
    void aRefusedLaunchGoesBackToTheOverviewWithTheReason() throws Exception {
        given(executions.launch(eq("intraday"), eq("100"), any()))
                .willThrow(new org.openiwd.etl.console.ActionRefusedException("Tenant 100 is busy"));
        mvc.perform(post("/console/executions").param("job", "intraday").param("tenant", "100").with(csrf())
                        .with(user("o").roles("OPERATOR")))
                .andExpect(redirectedUrl("/console/jobs"))
                .andExpect(flash().attribute("flash", "Refused: Tenant 100 is busy"))
                .andExpect(flash().attribute("flashError", true));
    }

    @Test
    void aMalformedParameterLineIsRefusedBeforeAnythingRuns() throws Exception {
        mvc.perform(post("/console/executions").param("job", "intraday").param("tenant", "100")
                        .param("parameters", "no equals sign").with(csrf()).with(user("o").roles("OPERATOR")))
                .andExpect(flash().attribute("flash", containsString("is not name=value")));
        verify(executions, never()).launch(any(), any(), any());
    }

    @Test
    void theApiLaunchesRestartsAndReportsStateConflictsAsProblems() throws Exception {
        given(executions.launch("intraday", "100", Map.of())).willReturn(new ExecutionConsole.Started(RUNNING, false));
        mvc.perform(post("/console/api/executions").with(csrf()).with(user("o").roles("OPERATOR"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"job\":\"intraday\",\"tenant\":\"100\"}"))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.execution.id").value(43));
        given(executions.abandon(43)).willThrow(stateConflict());
        mvc.perform(post("/console/api/executions/43/abandon").with(csrf()).with(user("o").roles("OPERATOR")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:iwd:console:execution-state"));
        mvc.perform(post("/console/api/executions").with(csrf()).with(user("o").roles("OPERATOR"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"job\":\"intraday\",\"tenant\":\"100\","
                                + "\"parameters\":{\"tenant\":\"200\"}}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void anOperatorRestartsFromThePageAndLandsOnTheNewExecution() throws Exception {
        given(executions.restart(42)).willReturn(new ExecutionConsole.Started(RUNNING, false));
        mvc.perform(post("/console/executions/42/restart").with(csrf()).with(user("o").roles("OPERATOR")))
                .andExpect(redirectedUrl("/console/executions/43"))
                .andExpect(flash().attribute("flash", "Execution 42 restarted as execution 43"));
    }

    @Test
    void anOperatorStopsFromThePageAndSeesTheOutcome() throws Exception {
        given(executions.stop(43)).willReturn(RUNNING);
        mvc.perform(post("/console/executions/43/stop").with(csrf()).with(user("o").roles("OPERATOR")))
                .andExpect(redirectedUrl("/console/executions/43"))
                .andExpect(flash().attribute("flash", containsString("Stop asked")));
    }

    private static RuntimeException stateConflict() throws Exception {
        var constructor = org.openiwd.etl.operation.ExecutionStateException.class.getDeclaredConstructor(String.class);
        constructor.setAccessible(true);
        return constructor.newInstance("Cannot abandon job execution 43: it is STARTED");
    }

    @Test
    void anUnknownExecutionIsANotFoundPageAndProblem() throws Exception {
        var constructor = org.openiwd.etl.operation.NoSuchExecutionException.class.getDeclaredConstructor(long.class);
        constructor.setAccessible(true);
        given(executions.view(99)).willThrow(constructor.newInstance(99L));
        mvc.perform(get("/console/executions/99").with(user("v").roles("VIEWER")))
                .andExpect(status().isNotFound()).andExpect(content().string(containsString("No job execution 99")));
        mvc.perform(get("/console/api/executions/99").with(user("v").roles("VIEWER")))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.type").value("urn:iwd:console:no-such-execution"));
        verify(executions, never()).progress(eq(99L), isNull());
    }
}
