package io.t4t.bench;

import io.t4t.testsupport.browser.Chromium;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console's lineage page in headless chromium (Debian's {@code chromium} and {@code
 * chromedriver}, started by {@link Chromium} as the console's browser tests start it), timed by the
 * browser's own clock: from the navigation's start ({@code performance.timeOrigin}) to the frame
 * after the page says its graph is drawn ({@code t4tConsole.graphReady}, set once Cytoscape holds
 * the laid-out graph).
 */
final class LineageBrowser implements AutoCloseable {
  /**
   * Runs before the page's own scripts in every document: watches each animation frame for the
   * page's signal, notes when it saw it, and the start of the next frame (Cytoscape paints in the
   * frame after it is created: that frame is over when the next starts).
   */
  private static final String WATCH =
      """
      (function () {
        const t = {};
        window.__t4tBench = t;
        function tick() {
          const c = window.t4tConsole;
          if (c && c.graphReady) {
            t.ready = performance.now();
            requestAnimationFrame(() => { t.drawn = performance.now(); });
          } else {
            requestAnimationFrame(tick);
          }
        }
        requestAnimationFrame(tick);
      })();
      """;

  /** Waits for the drawn graph and answers its timings (milliseconds since navigation start). */
  private static final String READ =
      """
      const done = arguments[arguments.length - 1];
      const begun = Date.now();
      (function poll() {
        const b = window.__t4tBench, c = window.t4tConsole;
        if (b && b.drawn !== undefined && c && c.cy) {
          const nav = performance.getEntriesByType('navigation')[0];
          const api = performance.getEntriesByType('resource')
              .filter((e) => e.name.includes('/console/api/lineage'))[0];
          done({ drawn: b.drawn, ready: b.ready, html: nav.responseEnd,
                 apiEnd: api ? api.responseEnd : -1,
                 nodes: c.cy.nodes().length, edges: c.cy.edges().length });
        } else if (Date.now() - begun > 170000) {
          const note = document.getElementById('graph-note');
          done({ error: 'no graph after 170 s: ' + (note ? note.textContent : document.title) });
        } else {
          setTimeout(poll, 10);
        }
      })();
      """;

  /**
   * One page load.
   *
   * @param drawnMs navigation start to the frame after the graph was drawn
   * @param htmlMs navigation start to the page's HTML received
   * @param jsonMs navigation start to the lineage JSON received
   * @param readyMs navigation start to the page's signal seen (JSON read, dagre's layout,
   *     Cytoscape)
   * @param nodes the models drawn
   * @param edges the edges drawn
   */
  record Load(double drawnMs, double htmlMs, double jsonMs, double readyMs, int nodes, int edges) {}

  private final ChromeDriver driver;

  /** Starts the browser (installing chromium first when it is missing). */
  LineageBrowser(Path profile) throws IOException, InterruptedException {
    Chromium.ensureInstalled();
    driver = Chromium.start(profile);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(180));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(180));
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
  }

  /** Opens {@code url} (from a blank page) and answers when its graph is drawn. */
  Load load(String url) {
    driver.get("about:blank");
    driver.get(url);
    Object answer = ((JavascriptExecutor) driver).executeAsyncScript(READ);
    @SuppressWarnings("unchecked")
    Map<String, Object> t = (Map<String, Object>) answer;
    if (t.containsKey("error")) {
      throw new IllegalStateException("Cannot time " + url + ": " + t.get("error"));
    }
    return new Load(
        number(t, "drawn"),
        number(t, "html"),
        number(t, "apiEnd"),
        number(t, "ready"),
        (int) number(t, "nodes"),
        (int) number(t, "edges"));
  }

  private static double number(Map<String, Object> t, String key) {
    return ((Number) t.get(key)).doubleValue();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
