package org.openiwd.etl.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.console.ConsoleWebTestConfiguration;
import org.openiwd.etl.job.JobNames;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A person reads a report in a real browser: Debian's headless Chromium, driven by chromium-driver through
 * Selenium, against the console on a real port (the API, the ETL and PostgreSQL real, {@link ReportDay} replayed
 * and loaded). They sign in as a viewer, open the reports, see the chart drawn (the canvas has pixels), change the
 * granularity with the form, and export the CSV, whose rows are the views' rows. Screenshots go to
 * {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class ReportsInChromiumTest extends EtlWithApiTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static Path downloads;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void consoleUsers(DynamicPropertyRegistry registry) {
        for (String user : ConsoleWebTestConfiguration.USERS) {
            String[] pair = user.split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        }
    }

    @BeforeAll
    static void startChromium() throws IOException {
        downloads = Files.createTempDirectory("report-downloads");
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1366,900");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(executable("chromedriver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aViewerSeesAReportsChartChangesItsGranularityAndExportsItsCsv() throws Exception {
        ReportDay.replay(api(provisionWithImportKey(ReportDay.TENANT, ReportDay.ZONE)));
        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, ReportDay.TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);

        browser.get(url("/console/reports"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        browser.findElement(By.id("username")).sendKeys("viewer");
        browser.findElement(By.id("password")).sendKeys("viewer-secret");
        browser.findElement(By.id("sign-in")).click();
        // Back to the page asked for (Spring Security may add "?continue" to it).
        waitFor(() -> browser.getCurrentUrl().contains("/console/reports"));
        assertThat(browser.findElements(By.cssSelector(".report-card"))).hasSize(ReportCatalog.all().size());
        screenshot("reports-index.png");

        browser.get(url("/console/reports/volumes?tenant=100&from=2026-10-25&to=2026-10-25&granularity=hour"));
        assertChartDrawn();
        assertThat(column(0)).containsExactly("2026-10-25 00:00 +02:00", "2026-10-25 01:00 +02:00",
                "2026-10-25 02:00 +02:00", "2026-10-25 02:00 +01:00");
        screenshot("report-volumes-fall-back-day-by-hour.png");

        browser.findElement(By.cssSelector(".report-tabs a[href*='/console/reports/agents']")).click();
        setDate("from", "2026-03-01");
        setDate("to", "2026-10-31");
        new Select(browser.findElement(By.name("granularity"))).selectByVisibleText("Month");
        browser.findElement(By.cssSelector("#report-form button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().contains("granularity=month"));
        assertChartDrawn();
        assertThat(column(0)).contains("2026-03", "2026-10");
        assertThat(column(1)).contains("Alice Johnson", "Bob Smith", "Carla Garcia");
        screenshot("report-agents-by-month.png");

        browser.findElement(By.id("export-csv")).click();
        Path csv = waitForDownload();
        assertThat(csv.getFileName().toString()).isEqualTo("agents_100_2026-03-01_2026-10-31_month.csv");
        ReportRequest request = new ReportRequest("100", LocalDate.parse("2026-03-01"), LocalDate.parse("2026-10-31"),
                Granularity.MONTH);
        List<String> expected = new ViewRows(jdbc).expected(ReportCatalog.AGENTS, request);
        assertThat(expected).isNotEmpty();
        assertThat(WebRows.fromCsv(Files.readAllBytes(csv))).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(WebRows.tableCells(browser.getPageSource())).containsExactlyInAnyOrderElementsOf(
                new ViewRows(jdbc).expectedCells(ReportCatalog.AGENTS, request, ZoneId.of(ReportDay.ZONE)));

        browser.get(url("/console/reports/backlog?tenant=100&from=2026-03-02&to=2026-03-02&granularity=hour"));
        assertChartDrawn();
        screenshot("report-backlog-by-hour.png");
    }

    private void assertChartDrawn() {
        waitFor(() -> "true".equals(browser.findElement(By.id("report-chart")).getDomAttribute("data-rendered")));
        Long painted = (Long) ((JavascriptExecutor) browser).executeScript("""
                const canvas = document.getElementById('report-chart');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) painted++; }
                return painted;""");
        assertThat(painted).as("painted pixels of the chart").isGreaterThan(1000L);
    }

    private List<String> column(int index) {
        return browser.findElements(By.cssSelector("#report-table tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(index).getText()).toList();
    }

    private void setDate(String name, String isoDate) {
        WebElement input = browser.findElement(By.name(name));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", input, isoDate);
    }

    private Path waitForDownload() throws IOException {
        Path[] found = new Path[1];
        waitFor(() -> {
            try (Stream<Path> files = Files.list(downloads)) {
                Optional<Path> csv = files.filter(f -> f.toString().endsWith(".csv")).findFirst();
                csv.ifPresent(f -> found[0] = f);
                return csv.isPresent();
            }
            catch (IOException e) {
                return false;
            }
        });
        return found[0];
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(browser, PATIENCE).until(driver -> condition.getAsBoolean());
        }
        catch (RuntimeException e) {
            try {
                Files.write(SCREENSHOTS.resolve("report-failure.png"),
                        ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            }
            catch (IOException | RuntimeException ignored) {
                // The wait's own failure is the one to report.
            }
            throw new AssertionError("Waited in vain at " + browser.getCurrentUrl(), e);
        }
    }

    private static String executable(String name, String usual) {
        if (Files.isExecutable(Path.of(usual))) {
            return usual;
        }
        throw new IllegalStateException(name + " is not installed at " + usual
                + ": ./iwd services start installs Debian's chromium and chromium-driver");
    }
}
