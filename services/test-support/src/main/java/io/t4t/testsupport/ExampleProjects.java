package io.t4t.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the examples/ projects for service tests, without their data/ folders. */
public final class ExampleProjects {
  private ExampleProjects() {}

  /** Copies {@code examples/<name>} (found from a services/<service> module) to a new folder. */
  public static Path copy(String name) {
    Path from = Path.of("..", "..", "examples", name).toAbsolutePath().normalize();
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
