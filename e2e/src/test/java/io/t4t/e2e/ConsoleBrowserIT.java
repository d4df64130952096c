package io.t4t.e2e;

import static io.t4t.testsupport.browser.ConsolePage.SHOP_EDGES;
import static io.t4t.testsupport.browser.ConsolePage.SHOP_MODELS;
import static io.t4t.testsupport.browser.ConsolePage.edges;
import static io.t4t.testsupport.browser.ConsolePage.js;
import static io.t4t.testsupport.browser.ConsolePage.nodes;
import static io.t4t.testsupport.browser.ConsolePage.shot;
import static io.t4t.testsupport.browser.ConsolePage.waitForGraph;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.testsupport.ExampleProjects;
import io.t4t.testsupport.browser.Chromium;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The deployed console in a real browser: headless chromium driven by Selenium against the
 * planner-service, with the state-service and an executor as processes on a real broker and
 * PostgreSQL, token checks on ({@link ConsoleServices}), on examples/shop with one model's SQL
 * broken. The page draws the DAG; Run without a token in the page's token field is refused (401)
 * and starts nothing, with a viewer's it is refused (403); with an operator's token the run is
 * followed to its end without a reload, with the failing model's error; a model page with a
 * viewer's token shows its history from the state-service. Screenshots go to {@code
 * target/console-screenshots/}.
 */
class ConsoleBrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHOTS = Path.of("target", "console-screenshots");
  private static final String FAILING = "marts.revenue_by_country";

  @TempDir Path dir;

  @Test
  void theDeployedConsoleRefusesAnActionWithoutATokenAndFollowsAnOperatorsRun() throws Exception {
    Chromium.ensureInstalled();
    Files.createDirectories(SHOTS);
    Path project = ExampleProjects.copy("shop");
    Path broken = project.resolve("models/marts/revenue_by_country.sql");
    Files.writeString(
        broken, Files.readString(broken).replace("sum(p.revenue)", "sum(p.no_such_column)"));
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project))) {
      r.seed();
    }
    ChromeDriver browser = null;
    try (ConsoleServices deployed = ConsoleServices.start(project)) {
      // revenue_by_country also reads customers: build it first, so that its own SQL is what fails
      awaitDone(deployed, postRun(deployed, "customers"));
      String base = deployed.plannerUrl();
      browser = Chromium.start(dir.resolve("profile"));
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

      // the whole DAG of shop: its six models and the edges between them
      browser.get(base + "/console");
      waitForGraph(browser, wait);
      assertThat(nodes(browser)).isEqualTo(SHOP_MODELS);
      assertThat(edges(browser)).isEqualTo(SHOP_EDGES);
      wait.until(ExpectedConditions.textToBe(By.id("live"), "live")); // the event stream is open
      shot(browser, SHOTS, "lineage");

      // Run of the models shown around order_log, with no token in the page: refused, shown
      browser.get(base + "/console?model=marts.order_log&depth=2");
      waitForGraph(browser, wait);
      wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
      Object loadedAt = js(browser, "return t4tConsole.loadedAt");
      assertThat(browser.findElement(By.id("token")).getAttribute("value")).isEmpty();
      new Select(browser.findElement(By.id("run-scope"))).selectByValue("shown");
      List<String> shown =
          List.of(
              "staging.paid_orders",
              "marts.order_log",
              "marts.daily_revenue",
              "marts.revenue_by_country");
      assertThat(confirmRun(browser, wait)).isEqualTo(shown);
      shot(browser, SHOTS, "confirm");
      browser.findElement(By.id("confirm-ok")).click();
      wait.until(ExpectedConditions.textToBe(By.id("run-panel-state"), "refused"));
      assertThat(browser.findElement(By.cssSelector("#run-panel-models td.error")).getText())
          .startsWith("401 Unauthorized: ")
          .contains("API token field")
          .contains("t4t-operator");
      assertThat(browser.findElement(By.id("run-panel-id")).getText()).isEmpty();
      showRunPanel(browser);
      shot(browser, SHOTS, "refused");

      // with a viewer's token typed in the page: refused (403)
      browser.findElement(By.id("token")).sendKeys(deployed.viewer);
      assertThat(confirmRun(browser, wait)).isEqualTo(shown);
      browser.findElement(By.id("confirm-ok")).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.cssSelector("#run-panel-models td.error"), "403 Forbidden: "));
      assertThat(browser.findElement(By.cssSelector("#run-panel-models td.error")).getText())
          .contains("API token field")
          .contains("t4t-operator");

      // with an operator's token typed in the page: the run is followed to its end
      retype(browser, deployed.operator);
      assertThat(confirmRun(browser, wait)).isEqualTo(shown);
      browser.findElement(By.id("confirm-ok")).click();
      WebDriverWait run = new WebDriverWait(browser, Duration.ofSeconds(120));
      run.until(
          ExpectedConditions.textMatches(By.id("run-panel-state"), Pattern.compile("finished.*")));
      assertThat(browser.findElement(By.id("run-panel-state")).getText())
          .as("logs in " + deployed.logs)
          .isEqualTo("finished with 1 failed");
      assertThat(js(browser, "return t4tConsole.loadedAt")).isEqualTo(loadedAt);
      assertThat(panelRow(browser, FAILING)).contains("failed").contains("no_such_column");
      assertThat(panelRow(browser, "marts.order_log")).contains("succeeded");
      assertThat(
              js(browser, "return t4tConsole.cy.getElementById('" + FAILING + "').data('status')"))
          .isEqualTo("failed");
      String runId = browser.findElement(By.id("run-panel-id")).getText();
      assertThat(runId).isNotEmpty();
      showRunPanel(browser);
      shot(browser, SHOTS, "lineage-after-run");

      // the run's page and the failing model's page show the error
      browser.get(base + "/console/runs/" + runId);
      assertThat(browser.findElement(By.cssSelector("tr[data-model='" + FAILING + "']")).getText())
          .contains("failed")
          .contains("no_such_column");
      // rows, duration and data tests of each model, from the coordination's stores
      assertThat(browser.findElement(By.cssSelector("tr[data-model='marts.order_log']")).getText())
          .contains("succeeded")
          .contains("305 inserted")
          .contains(" ms")
          .contains("passed not_null(order_id, amount) (error)")
          .contains("unique(order_id) (error)");
      shot(browser, SHOTS, "run");
      browser.get(base + "/console/models/" + FAILING);
      assertThat(browser.findElement(By.id("model-error")).getText()).contains("no_such_column");
      shot(browser, SHOTS, "model-failed");

      // the runs page lists the customers run and this one: the refused Run started nothing
      browser.get(base + "/console/runs");
      assertThat(browser.findElements(By.cssSelector("#runs tr[data-run]"))).hasSize(2);

      // a model page without a token says why it has no history; a viewer's token typed in the
      // page reloads it with the history read from the state-service
      retype(browser, "");
      browser.get(base + "/console/models/marts.order_log");
      assertThat(browser.findElement(By.id("history-unavailable")).getText())
          .contains("the state-service answered 401");
      browser.findElement(By.id("token")).sendKeys(deployed.viewer, Keys.TAB);
      WebDriverWait history = new WebDriverWait(browser, Duration.ofSeconds(60));
      history.pollingEvery(Duration.ofSeconds(1)).ignoring(StaleElementReferenceException.class);
      history.until(
          d -> {
            if (d.findElements(By.id("history-unavailable")).isEmpty()
                && d.findElement(By.id("history")).getText().contains(runId)) {
              return true;
            }
            d.navigate().refresh(); // the state-service takes the run's events in on its own time
            return false;
          });
      assertThat(browser.findElement(By.id("sql")).getText()).contains("FROM staging.paid_orders");
      shot(browser, SHOTS, "model");
      // the failing model's history lists its failed attempt with the state-service's message
      browser.get(base + "/console/models/" + FAILING);
      assertThat(browser.findElement(By.cssSelector("#history tr[data-kind='failed']")).getText())
          .contains(runId)
          .contains("no_such_column");
      shot(browser, SHOTS, "model-failed-history");
      assertThat(js(browser, "return t4tConsole.errors")).isEqualTo(List.of());
    } finally {
      if (browser != null) {
        browser.quit();
      }
    }
  }

  /** Clicks Run and answers the models its confirmation lists, once they are shown. */
  private static List<String> confirmRun(WebDriver browser, WebDriverWait wait) {
    browser.findElement(By.id("run-model")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#confirm-models li")).isEmpty());
    return browser.findElements(By.cssSelector("#confirm-models li")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** Replaces what the page's token field holds, as a user does, and leaves the field. */
  private static void retype(WebDriver browser, String token) {
    browser
        .findElement(By.id("token"))
        .sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, token, Keys.TAB);
  }

  /** Scrolls the run panel (below the graph) into the browser's window, for a screenshot. */
  private static void showRunPanel(WebDriver browser) {
    js(browser, "document.getElementById('run-panel').scrollIntoView({block: 'end'})");
  }

  private static String panelRow(WebDriver browser, String model) {
    return browser
        .findElement(By.cssSelector("#run-panel-models tr[data-model='" + model + "']"))
        .getText();
  }

  private static String postRun(ConsoleServices deployed, String model) throws Exception {
    HttpResponse<String> posted =
        deployed.processes.send(
            deployed.planner,
            "/runs",
            "{\"select\": [\"" + model + "\"]}",
            "Authorization",
            "Bearer " + deployed.operator);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    return JSON.readTree(posted.body()).get("run_id").asText();
  }

  private static void awaitDone(ConsoleServices deployed, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String progress = "";
    while (!progress.contains("\"done\":true") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      progress = deployed.processes.get(deployed.planner, "/runs/" + runId);
    }
    assertThat(progress).as("logs in " + deployed.logs).contains("\"done\":true");
  }
}
