package org.openiwd.etl.console.schedules;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.console.ConsoleWebTestConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The schedules page and API by role: viewers read and preview, operators pause, resume and change crons. */
@WebMvcTest(controllers = {SchedulesPageController.class, SchedulesApiController.class})
@Import(ConsoleWebTestConfiguration.class)
class SchedulesControllersTest {

    static final ScheduleRow ACTIVE = new ScheduleRow("100", "intraday", "0 */15 * * * ?", "Europe/Paris", true,
            "NORMAL", Instant.parse("2026-03-02T09:00:00Z"), Instant.parse("2026-03-02T09:15:00Z"));
    static final ScheduleRow PAUSED = new ScheduleRow("100", "intraday", "0 */15 * * * ?", "Europe/Paris", false,
            "PAUSED", Instant.parse("2026-03-02T09:00:00Z"), Instant.parse("2026-03-02T09:15:00Z"));

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ScheduleConsole schedules;

    @Test
    void aViewerSeesEveryTriggerButNoChangeForms() throws Exception {
        given(schedules.rows()).willReturn(List.of(ACTIVE));
        mvc.perform(get("/console/schedules").with(user("v").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("0 */15 * * * ?")))
                .andExpect(content().string(containsString("Europe/Paris")))
                .andExpect(content().string(containsString("NORMAL")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("Pause"))));
    }

    @Test
    void thePreviewListsTheNextRunsOrSaysWhyTheCronIsWrong() throws Exception {
        given(schedules.preview("100", "0 0 * * * ?")).willReturn(List.of(
                ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZoneId.of("Europe/Paris"))));
        mvc.perform(get("/console/schedules/preview").param("tenant", "100").param("cron", "0 0 * * * ?")
                        .with(user("v").roles("VIEWER")))
                .andExpect(content().string(containsString("2026-03-02 10:00:00 Europe/Paris")));
        given(schedules.preview("100", "0 * * * * ?")).willThrow(
                new IllegalArgumentException("'0 * * * * ?' fires runs less than 3 minutes apart"));
        mvc.perform(get("/console/schedules/preview").param("tenant", "100").param("cron", "0 * * * * ?")
                        .with(user("v").roles("VIEWER")))
                .andExpect(content().string(containsString("less than 3 minutes apart")));
    }

    @Test
    void aViewerGets403OnPauseResumeAndCron() throws Exception {
        mvc.perform(post("/console/schedules/100/intraday/pause").with(csrf()).with(user("v").roles("VIEWER")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/api/schedules/100/intraday/resume").with(csrf()).with(user("v").roles("VIEWER")))
                .andExpect(status().isForbidden());
        mvc.perform(put("/console/api/schedules/100/intraday/cron").with(csrf()).with(user("v").roles("VIEWER"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"cron\":\"0 0 * * * ?\"}"))
                .andExpect(status().isForbidden());
        verifyNoInteractions(schedules);
    }

    @Test
    void anOperatorPausesAndResumesFromThePage() throws Exception {
        given(schedules.pause("100", "intraday")).willReturn(PAUSED);
        given(schedules.resume("100", "intraday")).willReturn(ACTIVE);
        mvc.perform(post("/console/schedules/100/intraday/pause").with(csrf()).with(user("o").roles("OPERATOR")))
                .andExpect(redirectedUrl("/console/schedules"))
                .andExpect(flash().attribute("flash", "intraday of tenant 100 paused"));
        mvc.perform(post("/console/schedules/100/intraday/resume").with(csrf()).with(user("o").roles("OPERATOR")))
                .andExpect(flash().attribute("flash", "intraday of tenant 100 resumed"));
    }

    @Test
    void anInvalidCronIsRefusedWithTheReasonOnThePageAndAsAProblem() throws Exception {
        given(schedules.changeCron(any(), any(), any())).willThrow(
                new IllegalArgumentException("'nonsense' is not a Quartz cron expression"));
        mvc.perform(post("/console/schedules/100/intraday/cron").param("cron", "nonsense").with(csrf())
                        .with(user("o").roles("OPERATOR")))
                .andExpect(flash().attribute("flash", "Refused: 'nonsense' is not a Quartz cron expression"));
        mvc.perform(put("/console/api/schedules/100/intraday/cron").with(csrf()).with(user("o").roles("OPERATOR"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"cron\":\"nonsense\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(
                        "'nonsense' is not a Quartz cron expression"));
    }

    @Test
    void theApiChangesTheCron() throws Exception {
        given(schedules.changeCron("100", "intraday", "0 0 * * * ?")).willReturn(ACTIVE);
        mvc.perform(put("/console/api/schedules/100/intraday/cron").with(csrf()).with(user("o").roles("OPERATOR"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"cron\":\"0 0 * * * ?\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.triggerState").value("NORMAL"));
        verify(schedules).changeCron("100", "intraday", "0 0 * * * ?");
    }
}
