package io.t4t.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.testsupport.browser.Chromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Clicking from model to model: each lineage page opens the console's event stream, and a page left
 * behind may stay in the browser's back/forward cache. Found by the console-lineage benchmark: with
 * the streams left open, the seventh page waited about a minute for a connection (a browser opens
 * six per host).
 */
class ConsoleNavigationBrowserTest {
  @TempDir Path dir;

  @BeforeAll
  static void browser() throws Exception {
    Chromium.ensureInstalled();
  }

  @Test
  void tenLineagePagesInARowEachDrawTheirGraph() throws Exception {
    Path shop = Examples.copy("shop", dir.resolve("shop"));
    List<String> models =
        List.of(
            "marts.order_log",
            "marts.customers",
            "marts.daily_revenue",
            "marts.revenue_by_country",
            "marts.web_events",
            "staging.paid_orders");
    ChromeDriver browser = null;
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ProjectRunner runner = ProjectRunner.open(ProjectLoader.load(shop));
        Server server =
            new Server(runner.session(), kafka.bootstrapServers(), "t4t.", 0, Duration.ofMillis(50))
                .start()) {
      String base = "http://127.0.0.1:" + server.port();
      browser = Chromium.start(dir.resolve("profile"));
      // well under the minute a page waited for a connection when streams stayed open
      browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      for (int i = 0; i < 10; i++) {
        String model = models.get(i % models.size());
        browser.get(base + "/console?model=" + model + "&depth=1");
        wait.until(
            d ->
                Boolean.TRUE.equals(
                    ((JavascriptExecutor) d)
                        .executeScript("return !!(window.t4tConsole && t4tConsole.graphReady)")));
        assertThat(
                ((JavascriptExecutor) browser)
                    .executeScript(
                        "return t4tConsole.cy.getElementById(arguments[0]).nonempty()", model))
            .as("page %d, %s", i + 1, model)
            .isEqualTo(true);
      }
    } finally {
      if (browser != null) {
        browser.quit();
      }
    }
  }

  @Test
  void theServerAsksTheJdkHttpServerNotToDelaySmallWrites() throws Exception {
    Class.forName(Server.class.getName()); // its static initializer sets the JDK server's option
    assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
  }
}
