package org.openiwd.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openiwd.deploy.Command;
import org.openiwd.deploy.Repository;
import org.openiwd.deploy.docker.Dockerfile.Instruction;
import org.openiwd.deploy.docker.Dockerfile.Stage;

/**
 * Each service's Dockerfile, without a Docker engine: parsed, its runtime stage checked (JRE 21+ base, numeric
 * non-root user, ports, health check on the management port, exec-form entrypoint), and its builder stage replayed
 * on the jar Maven really built ({@code java -Djarmode=tools ... extract}, as its RUN says), so that the layer
 * folders it copies and the launcher class its entrypoint names are shown to exist.
 */
class DockerfileTest {

    record Service(String name, int serverPort, List<Integer> ports) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Service> services() {
        return Stream.of(new Service("iwd-api", 4024, List.of(4024, 10052)),
                new Service("etl-jobs", 8080, List.of(8080, 10052)),
                new Service("email-ingest", 10052, List.of(10052)));
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void theRuntimeStageRunsAJre21PlusAsANumericNonRootUserWithPortsHealthCheckAndExecEntrypoint(Service service)
            throws IOException {
        Stage runtime = dockerfile(service).finalStage();

        Matcher base = Pattern.compile("eclipse-temurin:(\\d+)(?:\\.[\\d.+_]*)?-jre(?:-\\w+)?").matcher(runtime.from());
        assertThat(base.matches()).as("JRE base image: %s", runtime.from()).isTrue();
        assertThat(Integer.parseInt(base.group(1))).isGreaterThanOrEqualTo(21);

        String user = runtime.last("USER").arguments();
        assertThat(user).as("numeric uid:gid, so runAsNonRoot can verify it").matches("\\d+:\\d+");
        int uid = Integer.parseInt(user.split(":")[0]);
        assertThat(uid).isNotZero();
        assertThat(runtime.all("RUN")).anySatisfy(r -> assertThat(r.arguments()).contains("--uid " + uid));
        // Nothing after USER switches back to root.
        assertThat(runtime.instructions().subList(runtime.instructions().indexOf(runtime.last("USER")),
                runtime.instructions().size())).noneMatch(i -> i.keyword().equals("RUN"));

        List<Integer> exposed = new ArrayList<>();
        runtime.all("EXPOSE").forEach(e -> Stream.of(e.arguments().split("\\s+"))
                .map(p -> Integer.parseInt(p.replace("/tcp", ""))).forEach(exposed::add));
        assertThat(exposed).containsExactlyInAnyOrderElementsOf(service.ports());
        assertThat(runtime.last("ENV").arguments()).contains("SERVER_PORT=" + service.serverPort());

        Instruction health = runtime.last("HEALTHCHECK");
        assertThat(health.flags()).anyMatch(f -> f.startsWith("--interval=")).anyMatch(f -> f.startsWith("--timeout="));
        String command = health.withoutFlags();
        assertThat(command).startsWith("CMD [");
        List<String> check = new Instruction("CMD", command.substring(4)).execArguments();
        assertThat(String.join(" ", check)).contains("/dev/tcp/127.0.0.1/10052")
                .contains("/actuator/health/liveness").contains("\"status\":\"UP\"");

        Instruction entrypoint = runtime.last("ENTRYPOINT");
        assertThat(entrypoint.execForm()).as("exec form: java is PID 1 and gets SIGTERM").isTrue();
        assertThat(entrypoint.execArguments().getFirst()).isEqualTo("java");
        assertThat(runtime.all("CMD")).as("arguments (--run-once=...) come from the pod, not a CMD").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void theBuilderStageExtractsTheBuiltJarIntoTheLayersTheRuntimeStageCopies(Service service) throws IOException {
        Dockerfile dockerfile = dockerfile(service);
        Stage builder = dockerfile.stages().getFirst();
        assertThat(builder.name()).isEqualTo("builder");
        String copy = builder.last("COPY").arguments();
        assertThat(copy).isEqualTo("target/" + service.name() + "-exec.jar application.jar");
        Path jar = Repository.root().resolve(service.name()).resolve(copy.split(" ")[0]);
        assertThat(jar).as("built by mvn package in the reactor before this module's tests").exists();

        // Replay the RUN on a copy of the jar, with this JVM's java in place of the image's.
        String run = builder.last("RUN").arguments();
        assertThat(run).startsWith("java ");
        Path work = Files.createDirectories(dir.resolve("builder"));
        Files.copy(jar, work.resolve("application.jar"));
        List<String> args = new ArrayList<>(List.of(run.substring(5).split("\\s+")));
        args.addFirst(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Command extract = Command.run(withCd(work, args));
        assertThat(extract.exit()).as(extract.output()).isZero();

        Path extracted = work.resolve("extracted");
        List<String> layers;
        try (Stream<Path> list = Files.list(extracted)) {
            layers = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        Stage runtime = dockerfile.finalStage();
        List<String> copied = runtime.all("COPY").stream().filter(c -> c.flags().contains("--from=builder"))
                .map(c -> c.withoutFlags().split("\\s+")[0]).map(s -> s.replace("/builder/extracted/", "")
                        .replace("/", "")).toList();
        // A COPY of a folder the extraction did not create would fail the image build.
        assertThat(copied).as("every layer copied, the application's last (it changes most)")
                .containsExactlyInAnyOrderElementsOf(layers).endsWith("application");
        assertThat(layers).contains("dependencies", "spring-boot-loader", "application");

        String mainClass = dockerfile.finalStage().last("ENTRYPOINT").execArguments().getLast();
        Path launcher = extracted.resolve("spring-boot-loader").resolve(mainClass.replace('.', '/') + ".class");
        assertThat(launcher).as("the entrypoint's main class, in the loader layer").exists();
        assertThat(extracted.resolve("application/BOOT-INF/classes")).isDirectory();
        assertThat(extracted.resolve("application/META-INF/MANIFEST.MF")).content().contains("Start-Class: org.openiwd.");
    }

    /**
     * The services with JVM options of their own, each with a line (a pattern) that a JVM started with them prints
     * under {@code -XshowSettings:properties -XX:+PrintFlagsFinal}.
     */
    static Stream<Arguments> servicesWithJvmOptions() {
        return Stream.of(Arguments.of("iwd-api", "jdk\\.pollerMode = 1"),
                Arguments.of("etl-jobs", "bool UseParallelGC += true"));
    }

    /**
     * A service runs with the JVM options of its {@code jvm.options} wherever it runs: the image copies the file and
     * names it as a java argument file; the file is one a JVM accepts (replayed with this JVM's java), and the JVM
     * then has the file's options.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servicesWithJvmOptions")
    void theImageRunsWithTheJvmOptionsOfItsArgumentFile(String name, String reportedPattern) throws IOException {
        Service service = services().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        Stage runtime = dockerfile(service).finalStage();
        assertThat(runtime.all("COPY")).anySatisfy(c -> assertThat(c.arguments()).isEqualTo("jvm.options ./"));
        assertThat(runtime.last("ENTRYPOINT").execArguments()).contains("@/application/jvm.options");

        Path options = Repository.root().resolve(name).resolve("jvm.options");
        Command version = Command.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + options, "-XshowSettings:properties", "-XX:+PrintFlagsFinal", "-version"));
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).containsPattern(reportedPattern);
    }

    private static List<String> withCd(Path work, List<String> args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "cd \"$0\" && exec \"$@\"", work.toString()));
        command.addAll(args);
        return command;
    }

    private static Dockerfile dockerfile(Service service) throws IOException {
        return Dockerfile.parse(Files.readString(Repository.root().resolve(service.name()).resolve("Dockerfile")));
    }
}
