package io.t4t.console;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console's HTML: Qute templates from {@code templates/console} on the classpath, rendered with
 * the page records of {@link PageData}, HTML-escaped. The pages carry what a first look needs; the
 * browser code adds the graph and the live updates.
 */
final class Pages {
  private static final Variant HTML =
      new Variant(Locale.ROOT, StandardCharsets.UTF_8, Variant.TEXT_HTML);

  private final Engine engine =
      Engine.builder()
          .addDefaults()
          .addValueResolver(new ReflectionValueResolver())
          .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
          .addLocator(Pages::locate)
          .build();
  private final PageData data;

  Pages(ConsoleSource source, Lineage lineage, RunWatch watch, java.time.Clock clock) {
    this.data = new PageData(source, lineage, watch, clock);
  }

  private static Optional<TemplateLocator.TemplateLocation> locate(String id) {
    String text;
    try (InputStream in =
        Pages.class.getClassLoader().getResourceAsStream("templates/" + id + ".html")) {
      if (in == null) {
        return Optional.empty();
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the console template " + id, e);
    }
    return Optional.of(
        new TemplateLocator.TemplateLocation() {
          @Override
          public Reader read() {
            return new StringReader(text);
          }

          @Override
          public Optional<Variant> getVariant() {
            return Optional.of(HTML);
          }
        });
  }

  private Console.Response render(String page, int status, Map<String, Object> values) {
    Template t = engine.getTemplate("console/" + page);
    var instance = t.instance();
    values.forEach(instance::data);
    byte[] body = instance.render().getBytes(StandardCharsets.UTF_8);
    return new Console.Response(status, "text/html; charset=utf-8", body);
  }

  Console.Response lineage(String model, int depth) {
    return render("lineage", 200, Map.of("page", data.lineage(model, depth)));
  }

  Console.Response runs() {
    return render("runs", 200, Map.of("page", data.runs()));
  }

  Console.Response run(String runId) {
    PageData.RunPage page = data.run(runId);
    return render("run", page.found() ? 200 : 404, Map.of("page", page));
  }

  Console.Response model(String name) {
    Optional<PageData.ModelPage> page = data.model(name);
    if (page.isEmpty()) {
      return render(
          "missing",
          404,
          Map.of("what", "Invalid model '" + name + "': no model of that name in this project"));
    }
    return render("model", 200, Map.of("page", page.get()));
  }
}
