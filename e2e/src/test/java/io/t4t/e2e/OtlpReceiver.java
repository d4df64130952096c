package io.t4t.e2e;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A trace collector for tests: it answers OTLP over HTTP (protobuf), the protocol the services
 * export spans with, and keeps every span it receives.
 */
final class OtlpReceiver implements AutoCloseable {
  /** One received span: the exporting service and the span's identity. */
  record ReceivedSpan(
      String service, String traceId, String spanId, String parentSpanId, String name) {}

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new ArrayList<>();

  OtlpReceiver() throws java.io.IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            add(ExportTraceServiceRequest.parseFrom(in.readAllBytes()));
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
          } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /** The base address to give a service as its OTLP endpoint. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<ReceivedSpan> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }

  private void add(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    synchronized (spans) {
      for (ResourceSpans rs : request.getResourceSpansList()) {
        String service = serviceName(rs.getResource());
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
            spans.add(
                new ReceivedSpan(
                    service,
                    hex.formatHex(s.getTraceId().toByteArray()),
                    hex.formatHex(s.getSpanId().toByteArray()),
                    hex.formatHex(s.getParentSpanId().toByteArray()),
                    s.getName()));
          }
        }
      }
    }
  }

  private static String serviceName(Resource r) {
    for (KeyValue kv : r.getAttributesList()) {
      if (kv.getKey().equals("service.name")) {
        return kv.getValue().getStringValue();
      }
    }
    return "";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
