package io.t4t.core.coordinate;

import io.t4t.core.project.ModelName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where each model of one run stands, for {@code GET /runs/{id}}. */
public final class RunProgress {
  /** A model's status within a run. */
  public enum Status {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    SKIPPED;

    boolean terminal() {
      return this == SUCCEEDED || this == FAILED || this == SKIPPED;
    }
  }

  private final String runId;
  private final Map<ModelName, Status> models = new LinkedHashMap<>();
  private final Map<ModelName, String> messages = new LinkedHashMap<>();

  RunProgress(String runId) {
    this.runId = runId;
  }

  public String runId() {
    return runId;
  }

  /** Each selected model's status, in run order. */
  public Map<ModelName, Status> models() {
    return Collections.unmodifiableMap(models);
  }

  /** Error messages of failed and skipped models. */
  public Map<ModelName, String> messages() {
    return Collections.unmodifiableMap(messages);
  }

  /** True when every model has succeeded, failed or been skipped. */
  public boolean done() {
    return models.values().stream().allMatch(Status::terminal);
  }

  Status status(ModelName model) {
    return models.get(model);
  }

  void set(ModelName model, Status status, String message) {
    models.put(model, status);
    if (message != null) {
      messages.put(model, message);
    }
  }
}
