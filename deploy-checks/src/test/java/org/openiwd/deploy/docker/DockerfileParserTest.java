package org.openiwd.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.junit.jupiter.api.Test;

/** The small Dockerfile reader the image checks rely on. */
class DockerfileParserTest {

    @Test
    void continuationsAreJoinedCommentsSkippedAndStagesSplitAtFrom() {
        Dockerfile file = Dockerfile.parse("""
                # syntax=docker/dockerfile:1
                ARG BASE=eclipse-temurin:21-jre
                FROM eclipse-temurin:21-jre AS builder
                RUN echo a \\
                # a comment inside a continued instruction
                 && echo b
                FROM eclipse-temurin:21-jre
                healthcheck --interval=5s CMD ["true"]
                ENTRYPOINT ["java", "-jar", "app.jar"]
                """);
        assertThat(file.stages()).extracting(Dockerfile.Stage::name).containsExactly("builder", null);
        assertThat(file.stages().getFirst().last("RUN").arguments()).isEqualTo("echo a  && echo b");
        Dockerfile.Instruction health = file.finalStage().last("HEALTHCHECK");
        assertThat(health.flags()).containsExactly("--interval=5s");
        assertThat(health.withoutFlags()).isEqualTo("CMD [\"true\"]");
        assertThat(file.finalStage().last("ENTRYPOINT").execArguments()).containsExactly("java", "-jar", "app.jar");
    }

    @Test
    void theShellFormIsToldApartFromTheExecForm() {
        Dockerfile file = Dockerfile.parse("FROM x\nENTRYPOINT java -jar app.jar\n");
        assertThat(file.finalStage().last("ENTRYPOINT").execForm()).isFalse();
        assertThatThrownBy(() -> file.finalStage().last("ENTRYPOINT").execArguments())
                .hasMessageContaining("shell form");
    }

    @Test
    void aMissingInstructionOrFromIsAnError() {
        assertThatThrownBy(() -> Dockerfile.parse("RUN true\n")).hasMessageContaining("before the first FROM");
        assertThatThrownBy(() -> Dockerfile.parse("FROM x\n").finalStage().last("USER"))
                .hasMessageContaining("no USER");
        assertThat(Dockerfile.parse("FROM x\nUSER 1:1\nUSER 2:2\n").finalStage().all("USER")).hasSize(2);
    }
}
