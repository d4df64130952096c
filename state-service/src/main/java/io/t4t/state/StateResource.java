package io.t4t.state;

import io.t4t.events.ModelState;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /state} and {@code GET /state/{model}}: the state columns as JSON; {@code GET
 * /state/{model}/history?limit=20}: the model's run history, newest first.
 */
@Path("/state")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

  @GET
  public List<ModelState> all() {
    return ModelStateRecord.<ModelStateRecord>listAll().stream()
        .map(StateService::toEvent)
        .sorted(java.util.Comparator.comparing(ModelState::model))
        .toList();
  }

  @GET
  @Path("/{model}")
  public ModelState one(@PathParam("model") String model) {
    ModelStateRecord s = ModelStateRecord.findById(model);
    if (s == null) {
      throw new NotFoundException("No state for " + model);
    }
    return StateService.toEvent(s);
  }

  static final int MAX_HISTORY = 1000;

  /** The model's history events (started, completed, failed), newest first; 404 when none. */
  @GET
  @Path("/{model}/history")
  public List<HistoryEntry> history(
      @PathParam("model") String model, @QueryParam("limit") @DefaultValue("20") int limit) {
    if (limit < 1 || limit > MAX_HISTORY) {
      throw new BadRequestException(
          "Invalid limit " + limit + ": give a number from 1 to " + MAX_HISTORY);
    }
    List<HistoryEntry> entries =
        RunHistoryRecord.<RunHistoryRecord>find(
                "modelName", io.quarkus.panache.common.Sort.descending("happenedAt"), model)
            .page(0, limit)
            .list()
            .stream()
            .map(HistoryEntry::of)
            .toList();
    if (entries.isEmpty()) {
      throw new NotFoundException("No run history for " + model);
    }
    return entries;
  }
}
