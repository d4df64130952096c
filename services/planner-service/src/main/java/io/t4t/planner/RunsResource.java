package io.t4t.planner;

import io.smallrye.reactive.messaging.kafka.Record;
import io.t4t.core.coordinate.RunProgress;
import io.t4t.core.coordinate.RunRequests;
import io.t4t.core.error.InvalidInputException;
import io.t4t.events.DataArrived;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.RunRequested;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * {@code POST /runs}, {@code GET /runs/{id}}, {@code POST /arrivals}. Requests go through the
 * topics like any producer's, so the REST path and the topic path are one path.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
  @Inject Planning planning;

  @Inject io.t4t.operations.Records records;

  @Inject
  @Channel("run-requests-out")
  Emitter<Record<String, byte[]>> runRequests;

  @Inject
  @Channel("data-arrivals-out")
  Emitter<Record<String, byte[]>> arrivals;

  /**
   * A run request; body optional: {@code {"select": [...], "exclude": [...], "vars": {...},
   * "full_refresh": false}}, models named as on the command line. A bad body answers 400 naming the
   * field.
   */
  @POST
  @Path("runs")
  @Consumes(MediaType.WILDCARD)
  public Response run(byte[] body) {
    RunRequested request;
    try {
      request = RunRequests.run(body, planning.project());
    } catch (InvalidInputException e) {
      return badRequest(e);
    }
    String runId = UUID.randomUUID().toString();
    Envelope e = Envelope.of(runId, request);
    records.publish(runRequests, Record.of(e.key(), EventJson.write(e)));
    // start it here too: a request accepted with 202 must never be lost because this planner's
    // consumer was not yet assigned its partition; the consumed copy is a known run and ignored
    planning.handle(e);
    return Response.accepted(Map.of("run_id", runId)).build();
  }

  @GET
  @Path("runs/{id}")
  public Response progress(@PathParam("id") String id) {
    return planning
        .progress(id)
        .map(p -> Response.ok(view(p)).build())
        .orElse(Response.status(404).entity(Map.of("error", "Unknown run " + id)).build());
  }

  @POST
  @Path("arrivals")
  @Consumes(MediaType.WILDCARD)
  public Response arrived(byte[] body) {
    DataArrived arrival;
    try {
      arrival = RunRequests.arrival(body, planning.graph(), planning.project());
    } catch (InvalidInputException e) {
      return badRequest(e);
    }
    Envelope e = Envelope.of("arrival-" + UUID.randomUUID(), arrival);
    records.publish(arrivals, Record.of(e.key(), EventJson.write(e)));
    return Response.accepted(Map.of("source", arrival.source())).build();
  }

  private static Response badRequest(InvalidInputException e) {
    return Response.status(400).entity(Map.of("error", e.getMessage())).build();
  }

  private static Map<String, Object> view(RunProgress p) {
    Map<String, Object> models = new LinkedHashMap<>();
    p.models().forEach((m, s) -> models.put(m.toString(), s.name().toLowerCase()));
    return Map.of(
        "run_id",
        p.runId(),
        "done",
        p.done(),
        "models",
        models,
        "messages",
        p.messages().entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    x -> x.getKey().toString(), Map.Entry::getValue)));
  }
}
