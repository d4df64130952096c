package io.t4t.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the examples/ projects for service tests, without their data/ folders. */
public final class ExampleProjects {
  private ExampleProjects() {}

  /** Copies {@code examples/<name>} (found above the working directory) to a new folder. */
  public static Path copy(String name) {
    Path from = Path.of("").toAbsolutePath();
    while (from != null && !Files.isDirectory(from.resolve("examples").resolve(name))) {
      from = from.getParent();
    }
    if (from == null) {
      throw new IllegalStateException(
          "Cannot find examples/" + name + " above " + Path.of("").toAbsolutePath());
    }
    from = from.resolve("examples").resolve(name);
    try {
      Path to = Files.createTempDirectory("t4t-" + name).resolve(name);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.toList()) {
          String rel = from.relativize(f).toString();
          if (rel.startsWith("data")) {
            continue;
          }
          if (Files.isDirectory(f)) {
            Files.createDirectories(to.resolve(rel));
          } else {
            Files.copy(f, to.resolve(rel));
          }
        }
      }
      return to;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot copy examples/" + name, e);
    }
  }
}
