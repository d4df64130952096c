package io.t4t.testsupport.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the console's browser tests read from a page, on either host ({@code t4t serve} or the
 * planner-service): the drawn graph through the page's {@code t4tConsole} object, and screenshots.
 */
public final class ConsolePage {
  /** The models of examples/shop, by name. */
  public static final List<String> SHOP_MODELS =
      List.of(
          "marts.customers",
          "marts.daily_revenue",
          "marts.order_log",
          "marts.revenue_by_country",
          "marts.web_events",
          "staging.paid_orders");

  /** The edges between examples/shop's models ({@code upstream->downstream}), sorted. */
  public static final List<String> SHOP_EDGES =
      List.of(
          "marts.customers->marts.revenue_by_country",
          "marts.order_log->marts.daily_revenue",
          "marts.order_log->marts.revenue_by_country",
          "staging.paid_orders->marts.order_log");

  private ConsolePage() {}

  /** Waits until the lineage page has drawn its graph. */
  public static void waitForGraph(WebDriver browser, WebDriverWait wait) {
    wait.until(
        d -> Boolean.TRUE.equals(js(d, "return !!(window.t4tConsole && t4tConsole.graphReady)")));
  }

  /** The drawn nodes' ids, sorted. */
  public static Object nodes(WebDriver browser) {
    return js(browser, "return t4tConsole.cy.nodes().map(n => n.id()).sort()");
  }

  /** The drawn edges' ids ({@code upstream->downstream}), sorted. */
  public static Object edges(WebDriver browser) {
    return js(browser, "return t4tConsole.cy.edges().map(e => e.id()).sort()");
  }

  /** What {@code script} returns in the page. */
  public static Object js(WebDriver browser, String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** Saves the page as {@code dir/name.png}. */
  public static void shot(WebDriver browser, Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
