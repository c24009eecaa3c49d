package org.openiwd.api.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** RFC 3834's rules on the header values mail really carries: any case, parameters, comments. */
class AutoReplyRulesTest {

    @Test
    void autoSubmittedOtherThanNoSuppresses() {
        assertThat(AutoReplyRules.suppression(Map.of("auto-submitted", "No"), "a@b.c")).isNull();
        assertThat(AutoReplyRules.suppression(Map.of("auto-submitted", "no (a person)"), "a@b.c")).isNull();
        assertThat(AutoReplyRules.suppression(Map.of("auto-submitted", "auto-generated; owner-email=x@y.z"),
                "a@b.c")).contains("auto-generated");
        assertThat(AutoReplyRules.suppression(Map.of("auto-submitted", "Auto-Replied"), "a@b.c")).isNotNull();
    }

    @Test
    void bulkListAndJunkPrecedenceSuppress() {
        for (String precedence : new String[] {"bulk", "List", "junk"}) {
            assertThat(AutoReplyRules.suppression(Map.of("precedence", precedence), "a@b.c")).as(precedence)
                    .isNotNull();
        }
        assertThat(AutoReplyRules.suppression(Map.of("precedence", "first-class"), "a@b.c")).isNull();
    }

    @Test
    void aMissingOrNullSenderSuppresses() {
        assertThat(AutoReplyRules.suppression(Map.of(), null)).isNotNull();
        assertThat(AutoReplyRules.suppression(Map.of(), "<>")).isNotNull();
        assertThat(AutoReplyRules.suppression(Map.of(), " ")).isNotNull();
        assertThat(AutoReplyRules.suppression(null, "ann@example.org")).isNull();
    }

    @Test
    void aNullEnvelopeSenderSuppressesWhateverTheFromSays() {
        assertThat(AutoReplyRules.suppression(Map.of("return-path", "<>"), "MAILER-DAEMON@example.org"))
                .contains("Return-Path");
        assertThat(AutoReplyRules.suppression(Map.of("return-path", " < > "), "postmaster@example.org")).isNotNull();
        assertThat(AutoReplyRules.suppression(Map.of("return-path", "<ann@example.org>"), "ann@example.org"))
                .isNull();
    }

    @Test
    void aListIdOrAnAutoResponseSuppressionRequestSuppresses() {
        assertThat(AutoReplyRules.suppression(Map.of("list-id", "<users.lists.example.org>"), "a@b.c"))
                .contains("List-Id");
        assertThat(AutoReplyRules.suppression(Map.of("x-auto-response-suppress", "OOF, AutoReply"), "a@b.c"))
                .isNotNull();
        assertThat(AutoReplyRules.suppression(Map.of("x-auto-response-suppress", "All"), "a@b.c")).isNotNull();
        assertThat(AutoReplyRules.suppression(Map.of("x-auto-response-suppress", "DR, RN"), "a@b.c")).isNull();
    }
}
