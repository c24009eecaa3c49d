package org.openiwd.etl.console.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by
 * {@code ./iwd services start}) for the console's end-to-end tests, with the flags that work on these machines, a
 * laptop-sized window, and screenshots saved to {@code target/screenshots/} as build artifacts.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    private final String baseUrl;

    ConsoleBrowser(String baseUrl) {
        for (String binary : new String[] {CHROMIUM, DRIVER}) {
            if (!new File(binary).canExecute()) {
                throw new IllegalStateException(binary + " is missing: run ./iwd services start (it installs Debian's"
                        + " chromium and chromium-driver)");
            }
        }
        this.baseUrl = baseUrl;
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1366,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    WebElement find(String css) {
        try {
            return driver.findElement(By.cssSelector(css));
        }
        catch (org.openqa.selenium.NoSuchElementException e) {
            String text = driver.findElement(By.tagName("body")).getText();
            throw new AssertionError("No element " + css + " on " + driver.getCurrentUrl() + ", which shows: "
                    + text.substring(0, Math.min(text.length(), 1500)), e);
        }
    }

    /** Waits (generously: the machine is shared) until the condition holds; fails with what it waited for. */
    <T> T waitUntil(String what, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofMillis(250)).withMessage(what)
                .until(condition);
    }

    void signIn(String user, String password) {
        open("/console");
        waitUntil("the sign-in page", d -> d.getCurrentUrl().endsWith("/console/login"));
        find("#username").sendKeys(user);
        find("#password").sendKeys(password);
        find("#sign-in").click();
        waitUntil("the jobs overview after sign-in", d -> d.findElements(By.cssSelector("table#jobs")).size() == 1);
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
