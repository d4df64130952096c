package io.t4t.cli;

import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers}, declared once for every command that can talk to a Kafka cluster;
 * what a command does without one is in its own description.
 */
final class ClusterOption {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      defaultValue = "${env:T4T_BOOTSTRAP_SERVERS}",
      description =
          "A Kafka cluster (default: $T4T_BOOTSTRAP_SERVERS): run and build go through it"
              + " unless --transport direct is given. Without one, run and build work in this"
              + " process (--transport kafka embeds a broker), serve embeds a broker, and notify"
              + " and dead-letters use the cluster of the project's running t4t serve.")
  String servers;

  /** True when a cluster is named, on the command line or in the environment. */
  boolean given() {
    return servers != null && !servers.isBlank();
  }
}
