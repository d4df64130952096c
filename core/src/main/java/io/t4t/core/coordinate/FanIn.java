package io.t4t.core.coordinate;

import static io.t4t.core.coordinate.EventCheck.modelOf;

import io.t4t.core.project.ModelName;
import io.t4t.events.BucketCompleted;
import io.t4t.events.BucketFailed;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelFannedOut;
import io.t4t.events.ModelRunFinalize;
import java.util.logging.Logger;

/**
 * The collector of a fanned-out model run: counts applied buckets ("k of n"), tolerating duplicates
 * and late events; sends the {@code model_run_finalize} once every bucket is applied; retries a
 * failed bucket after a back-off while attempts remain, else fails the model, naming the bucket.
 */
final class FanIn {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  private final Release release;
  private final Retries retries;
  private final int maxAttempts;

  FanIn(Release release, Retries retries, int maxAttempts) {
    this.release = release;
    this.retries = retries;
    this.maxAttempts = maxAttempts;
  }

  void fannedOut(Step s, String runId, ModelFannedOut f) {
    modelOf(f.model());
    if (!s.running(runId, f.model())) {
      return;
    }
    ModelProgress p = s.changes.progress(runId, f.model());
    if (p.buckets() == null) {
      s.changes.putProgress(
          runId,
          f.model(),
          p.withBuckets(ModelProgress.Buckets.of(f.buckets()), "0 of " + f.buckets() + " buckets"));
    }
    LOG.info(
        f.model() + ": " + f.deltaRows() + " rows fanned out into " + f.buckets() + " buckets");
  }

  /**
   * A bucket was applied. Duplicates and late events count once; when every bucket is applied, the
   * run is finished by a {@code model_run_finalize} (only then does the watermark advance).
   */
  void bucketCompleted(Step s, String runId, BucketCompleted b) {
    modelOf(b.model());
    if (!s.running(runId, b.model())) {
      return;
    }
    ModelProgress p = s.changes.progress(runId, b.model());
    ModelProgress.Buckets k =
        p.buckets() == null ? ModelProgress.Buckets.of(b.buckets()) : p.buckets();
    if (!k.applied().contains(b.bucket())) {
      k = k.apply(b.bucket(), b.rows());
      LOG.info(b.model() + ": " + k.applied().size() + " of " + k.count() + " buckets applied");
    }
    if (k.applied().size() == k.count() && !k.finishing()) {
      k = k.markFinishing();
      s.publish(runId, new ModelRunFinalize(b.model(), k.count(), p.attempt()));
    }
    s.changes.putProgress(
        runId, b.model(), p.withBuckets(k, k.applied().size() + " of " + k.count() + " buckets"));
  }

  /**
   * A bucket failed: sent again after a back-off when the error is retryable and attempts remain,
   * else the model fails, naming the bucket.
   */
  void bucketFailed(Step s, String runId, BucketFailed b) {
    ModelName m = modelOf(b.model());
    if (!s.running(runId, b.model())) {
      return;
    }
    ModelProgress p = s.changes.progress(runId, b.model());
    ModelProgress.Buckets k =
        p.buckets() == null ? ModelProgress.Buckets.of(b.buckets()) : p.buckets();
    if (k.applied().contains(b.bucket())) {
      return; // a late failure of a bucket that a redelivery applied
    }
    int attempt = k.attempts().getOrDefault(b.bucket(), 1);
    if (b.retryable() && attempt < maxAttempts) {
      LOG.warning(
          "Retrying bucket "
              + b.bucket()
              + " of "
              + m
              + " (attempt "
              + (attempt + 1)
              + "): "
              + b.message());
      s.changes.putProgress(
          runId,
          b.model(),
          p.withBuckets(
              k.attempt(b.bucket(), attempt + 1).fail(b.bucket(), b.message()), p.message()));
      retries.later(s, runId, b.model(), b.bucket(), b.buckets(), attempt + 1);
      return;
    }
    String message =
        "Bucket "
            + b.bucket()
            + " of "
            + b.buckets()
            + " of "
            + m
            + " failed ("
            + k.applied().size()
            + " of "
            + k.count()
            + " applied; the watermark did not advance, and the next run applies the whole delta"
            + " again): "
            + b.message();
    s.publish(runId, new ModelFailed(b.model(), b.errorCode(), false, message, 0));
    s.changes.putProgress(
        runId, b.model(), p.withBuckets(k.fail(b.bucket(), b.message()), p.message()));
    release.finish(s, runId, m, Status.FAILED, message, b.errorCode());
  }
}
