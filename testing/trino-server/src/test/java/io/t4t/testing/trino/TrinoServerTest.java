package io.t4t.testing.trino;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a JDK Trino can run on; without one the Trino tests are skipped. */
class TrinoServerTest {
  @TempDir Path dir;

  private Path jdk(String name, String version) throws IOException {
    Path home = Files.createDirectories(dir.resolve(name));
    Files.createDirectories(home.resolve("bin"));
    Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
    java.toFile().setExecutable(true);
    Files.writeString(
        home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
    return home;
  }

  @Test
  void readsTheFeatureVersionFromTheReleaseFile() throws IOException {
    assertThat(TrinoServer.javaVersion(jdk("a", "17.0.15"))).isEqualTo(17);
    assertThat(TrinoServer.javaVersion(jdk("b", "25.0.1+9"))).isEqualTo(25);
    assertThat(TrinoServer.javaVersion(jdk("c", "24"))).isEqualTo(24);
    assertThat(TrinoServer.javaVersion(dir.resolve("missing"))).isZero();
  }

  @Test
  void findsAJdk24OrLaterAndNothingWhereThereIsNone() throws IOException {
    jdk("java-17-openjdk-amd64", "17.0.15");
    assertThat(TrinoServer.javaHome(List.of(dir))).isEmpty();
    Path temurin = jdk("temurin-25-jdk-amd64", "25.0.1");
    assertThat(TrinoServer.javaHome(List.of(dir, dir.resolve("none")))).contains(temurin);
  }
}
