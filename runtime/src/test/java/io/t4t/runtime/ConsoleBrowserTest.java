package io.t4t.runtime;

import static io.t4t.testsupport.browser.ConsolePage.SHOP_EDGES;
import static io.t4t.testsupport.browser.ConsolePage.SHOP_MODELS;
import static io.t4t.testsupport.browser.ConsolePage.edges;
import static io.t4t.testsupport.browser.ConsolePage.js;
import static io.t4t.testsupport.browser.ConsolePage.nodes;
import static io.t4t.testsupport.browser.ConsolePage.shot;
import static io.t4t.testsupport.browser.ConsolePage.waitForGraph;
import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.testsupport.browser.Chromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (headless chromium) against a real {@code t4t serve} on
 * examples/shop over an embedded broker: the DAG, a run started from the page and watched to its
 * end without a reload, a failing model's error. Screenshots go to {@code
 * target/console-screenshots/}.
 */
class ConsoleBrowserTest {
  private static final Path SHOTS = Path.of("target", "console-screenshots");

  @TempDir Path dir;

  @BeforeAll
  static void browser() throws Exception {
    Chromium.ensureInstalled();
    Files.createDirectories(SHOTS);
  }

  @Test
  void theDagARunWatchedLiveAndAFailingModelsError() throws Exception {
    Path shop = Examples.copy("shop", dir.resolve("shop"));
    Path broken = shop.resolve("models/marts/revenue_by_country.sql");
    Files.writeString(
        broken, Files.readString(broken).replace("sum(p.revenue)", "sum(p.no_such_column)"));
    ChromeDriver browser = null;
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ProjectRunner runner = ProjectRunner.open(ProjectLoader.load(shop));
        Server server =
            new Server(runner.session(), kafka.bootstrapServers(), "t4t.", 0, Duration.ofMillis(50))
                .start()) {
      runner.seed();
      String base = "http://127.0.0.1:" + server.port();
      // revenue_by_country also reads customers: build it first, so that its own SQL is what fails
      awaitDone(base, postRun(base, "customers"));
      browser = Chromium.start(dir.resolve("profile"));
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

      // the whole DAG of shop: its six models and the edges between them
      browser.get(base + "/console");
      waitForGraph(browser, wait);
      assertThat(nodes(browser)).isEqualTo(SHOP_MODELS);
      assertThat(edges(browser)).isEqualTo(SHOP_EDGES);
      wait.until(ExpectedConditions.textToBe(By.id("live"), "live")); // the event stream is open
      shot(browser, SHOTS, "lineage");

      // focus on order_log, run the models shown: the confirmation lists them in DAG order
      browser.get(base + "/console?model=marts.order_log&depth=2");
      waitForGraph(browser, wait);
      wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
      Object loadedAt = js(browser, "return t4tConsole.loadedAt");
      new Select(browser.findElement(By.id("run-scope"))).selectByValue("shown");
      browser.findElement(By.id("run-model")).click();
      wait.until(d -> d.findElements(By.cssSelector("#confirm-models li")).size() == 4);
      assertThat(
              browser.findElements(By.cssSelector("#confirm-models li")).stream()
                  .map(e -> e.getText())
                  .toList())
          .containsExactly(
              "staging.paid_orders",
              "marts.order_log",
              "marts.daily_revenue",
              "marts.revenue_by_country");
      shot(browser, SHOTS, "confirm");
      browser.findElement(By.id("confirm-ok")).click();

      // the run panel follows the run to its end, without a reload
      wait.until(
          ExpectedConditions.textMatches(
              By.id("run-panel-state"), java.util.regex.Pattern.compile("finished.*")));
      assertThat(browser.findElement(By.id("run-panel-state")).getText())
          .isEqualTo("finished with 1 failed");
      assertThat(browser.findElement(By.id("run-panel-state")).getAttribute("class"))
          .contains("finished-failed");
      assertThat(js(browser, "return t4tConsole.loadedAt")).isEqualTo(loadedAt);
      String failedRow =
          browser
              .findElement(
                  By.cssSelector("#run-panel-models tr[data-model='marts.revenue_by_country']"))
              .getText();
      assertThat(failedRow).contains("failed").contains("no_such_column");
      assertThat(
              browser
                  .findElement(By.cssSelector("#run-panel-models tr[data-model='marts.order_log']"))
                  .getText())
          .contains("succeeded");
      assertThat(
              js(
                  browser,
                  "return t4tConsole.cy.getElementById('marts.revenue_by_country').data('status')"))
          .isEqualTo("failed");
      String runId = browser.findElement(By.id("run-panel-id")).getText();
      shot(browser, SHOTS, "lineage-after-run");

      // the run's page and the failing model's page show the error
      browser.get(base + "/console/runs/" + runId);
      assertThat(
              browser
                  .findElement(By.cssSelector("tr[data-model='marts.revenue_by_country']"))
                  .getText())
          .contains("failed")
          .contains("no_such_column");
      assertThat(browser.findElement(By.cssSelector("tr[data-model='marts.order_log']")).getText())
          .contains("305 inserted")
          .contains(" ms")
          // its audits, as its model_completed carried them
          .contains("passed not_null(order_id, amount) (error)")
          .contains("unique(order_id) (error)");
      shot(browser, SHOTS, "run");
      browser.get(base + "/console/models/marts.revenue_by_country");
      assertThat(browser.findElement(By.id("model-error")).getText()).contains("no_such_column");
      // its history lists the failed attempt, from _t4t.run_failures, with its error
      assertThat(browser.findElement(By.cssSelector("#history tr[data-kind='failed']")).getText())
          .contains(runId)
          .contains("SQL_ERROR")
          .contains("no_such_column");
      shot(browser, SHOTS, "model-failed");
      browser.get(base + "/console/models/marts.order_log");
      assertThat(browser.findElement(By.id("history")).getText()).contains(runId);
      assertThat(browser.findElement(By.id("sql")).getText()).contains("FROM staging.paid_orders");
      shot(browser, SHOTS, "model");

      // a backfill of a window, from the model's page: confirmed, then followed to its end
      browser.get(base + "/console/models/marts.daily_revenue");
      wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
      browser.findElement(By.id("backfill-start")).sendKeys("2024-03-01");
      browser.findElement(By.id("backfill-end")).sendKeys("2024-03-05");
      browser.findElement(By.id("backfill-run")).click();
      wait.until(d -> d.findElements(By.cssSelector("#confirm-models li")).size() == 1);
      assertThat(browser.findElement(By.id("confirm-models")).getText())
          .isEqualTo("marts.daily_revenue (backfill)");
      browser.findElement(By.id("confirm-ok")).click();
      wait.until(ExpectedConditions.textToBe(By.id("run-panel-state"), "finished"));
      assertThat(
              browser
                  .findElement(
                      By.cssSelector("#run-panel-models tr[data-model='marts.daily_revenue']"))
                  .getText())
          .contains("succeeded");
      shot(browser, SHOTS, "backfill");

      // the runs page lists a run started elsewhere as it happens
      browser.get(base + "/console/runs");
      wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
      String other = postRun(base, "web_events");
      wait.until(
          ExpectedConditions.textToBe(
              By.cssSelector("tr[data-run='" + other + "'] td.state"), "finished"));
      shot(browser, SHOTS, "runs");
      assertThat(js(browser, "return t4tConsole.errors")).isEqualTo(List.of());
    } finally {
      if (browser != null) {
        browser.quit();
      }
    }
  }

  private static String postRun(String base, String model) throws Exception {
    HttpResponse<String> posted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/runs"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"select\": [\"" + model + "\"]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    return posted.body().replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");
  }

  private static void awaitDone(String base, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String body = "";
    while (!body.contains("\"done\":true") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/runs/" + runId)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    }
    assertThat(body).contains("\"done\":true");
  }
}
