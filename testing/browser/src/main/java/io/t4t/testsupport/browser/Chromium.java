package io.t4t.testsupport.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium driven through its chromedriver. A machine that has only a JDK gets
 * both installed here ({@code apt-get install chromium chromium-driver}, as root), so the browser
 * tests run the same on a laptop and in CI; Selenium's own driver download is not used. The
 * console's browser tests against {@code t4t serve} (runtime) and against the deployed
 * planner-service (e2e) use it, and so does the console-lineage benchmark.
 */
public final class Chromium {
  /** Debian's chromium. */
  public static final Path BROWSER = Path.of("/usr/bin/chromium");

  /** Debian's chromedriver, from the chromium-driver package. */
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /** Installs chromium and its driver when either is missing; fails saying how otherwise. */
  public static void ensureInstalled() throws IOException, InterruptedException {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return;
    }
    Process p =
        new ProcessBuilder("apt-get", "install", "-y", "chromium", "chromium-driver")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "Cannot install chromium for the console's browser tests: apt-get install -y chromium"
              + " chromium-driver failed; run it as root, then the test again");
    }
  }

  /** A fresh headless browser (its own profile folder under {@code profile}). */
  public static ChromeDriver start(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }
}
