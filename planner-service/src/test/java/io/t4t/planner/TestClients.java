package io.t4t.planner;

import io.t4t.testsupport.ServicesTestResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Clients of the test's broker, playing the executor and reading what the planner published, and of
 * the planner-service's HTTP port.
 */
final class TestClients {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestClients() {}

  /** {@code GET path} on the service at {@code port}, with a bearer token when one is given. */
  static HttpResponse<String> get(int port, String path, String token)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)), token);
  }

  /** {@code POST path} of a JSON body, with a bearer token when one is given. */
  static HttpResponse<String> post(int port, String path, String body, String token)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        token);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String token)
      throws IOException, InterruptedException {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A consumer of its own group, reading from the start of the topics it subscribes to. */
  static KafkaConsumer<String, byte[]> consumer(String group) {
    return new KafkaConsumer<>(
        Map.of(
            "bootstrap.servers",
            ServicesTestResource.bootstrapServers(),
            "group.id",
            group,
            "auto.offset.reset",
            "earliest"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  /** A producer of event envelopes. */
  static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", ServicesTestResource.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
