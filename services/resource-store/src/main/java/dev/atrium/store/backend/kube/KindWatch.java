package dev.atrium.store.backend.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One kind's list-then-watch, feeding the {@link Sequencer}: a consistent list, then a watch from the
 * list's resourceVersion with bookmarks, so the stream is gap-free and every event, bookmark and list
 * tells the sequencer how far the kind has been delivered.
 *
 * <p>A plain fabric8 watch rather than an informer: an informer hides bookmarks (the kind's progress)
 * and, after "410 Gone", re-lists and reports the difference as ordinary events, which would put
 * invented events at wrong revisions into the log. Here a 410 (the API server no longer has the
 * history after the last revision seen) is a re-list the sequencer knows about: watchers from before
 * it get {@link dev.atrium.store.backend.RevisionCompactedException}. fabric8 itself resumes a watch
 * from the last resourceVersion after a dropped connection.
 */
final class KindWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KindWatch.class.getName());
  private static final long RETRY_SECONDS = 1;

  private final KubeKind kind;
  private final KubernetesClient client;
  private final ObjectCodec codec;
  private final Sequencer sequencer;
  private final ScheduledExecutorService scheduler;
  private Watch watch; // guarded by this
  private boolean resyncScheduled; // guarded by this
  private volatile boolean closed;

  KindWatch(KubeKind kind, KubernetesClient client, ObjectCodec codec, Sequencer sequencer, ScheduledExecutorService scheduler) {
    this.kind = kind;
    this.client = client;
    this.codec = codec;
    this.sequencer = sequencer;
    this.scheduler = scheduler;
  }

  void start() {
    requestResync();
  }

  /** Lists the kind again and restarts its watch (soon, on the scheduler; requests made meanwhile merge). */
  void requestResync() {
    synchronized (this) {
      if (closed || resyncScheduled) return;
      resyncScheduled = true;
    }
    scheduler.execute(this::resync);
  }

  @Override
  public void close() {
    Watch w;
    synchronized (this) {
      closed = true;
      w = watch;
      watch = null;
    }
    if (w != null) w.close();
  }

  private void resync() {
    synchronized (this) {
      resyncScheduled = false;
      if (closed) return;
      if (watch != null) watch.close();
      watch = null;
    }
    long generation = sequencer.beginResync(kind.typeName());
    try {
      GenericKubernetesResourceList list = kind.collection(client, codec.systemNamespace()).list();
      long revision = Long.parseLong(list.getMetadata().getResourceVersion());
      List<Observed> items = list.getItems().stream().map(o -> codec.observe(kind, o)).toList();
      sequencer.reset(kind.typeName(), generation, revision, items);
      Watch w = kind.collection(client, codec.systemNamespace()).watch(new ListOptionsBuilder()
          .withResourceVersion(Long.toString(revision)).withAllowWatchBookmarks(true).build(), new Stream(generation));
      synchronized (this) {
        if (closed) {
          w.close();
        } else {
          watch = w;
        }
      }
    } catch (RuntimeException e) {
      if (closed) return;
      LOG.log(System.Logger.Level.WARNING, "listing {0} failed ({1}); retrying in {2} s", kind.resourceName(),
          e.getMessage(), RETRY_SECONDS);
      retryLater();
    }
  }

  private void retryLater() {
    try {
      scheduler.schedule(this::requestResync, RETRY_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      // closed meanwhile
    }
  }

  /** The events of one watch; those of a watch that a re-list replaced are ignored by generation. */
  private final class Stream implements Watcher<GenericKubernetesResource> {
    private final long generation;

    Stream(long generation) {
      this.generation = generation;
    }

    @Override
    public void eventReceived(Action action, GenericKubernetesResource object) {
      if (closed) return;
      try {
        switch (action) {
          case ADDED, MODIFIED -> sequencer.observed(kind.typeName(), generation, codec.observe(kind, object), false);
          case DELETED -> sequencer.observed(kind.typeName(), generation, codec.observe(kind, object), true);
          case BOOKMARK -> sequencer.progress(kind.typeName(), generation,
              Long.parseLong(object.getMetadata().getResourceVersion()));
          case ERROR -> LOG.log(System.Logger.Level.WARNING, "watch of {0} reported an error: {1}", kind.resourceName(), object);
        }
      } catch (RuntimeException e) {
        // Never let one object end the stream: log it, and re-list to be sure nothing was lost.
        LOG.log(System.Logger.Level.ERROR, "handling a " + action + " of " + kind.resourceName() + " failed; re-listing", e);
        requestResync();
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      if (closed) return;
      if (cause.isHttpGone()) {
        LOG.log(System.Logger.Level.INFO, "the API server no longer has the history of {0} after the last revision "
            + "seen (410 Gone); re-listing, and watchers that resume from before the re-list re-list too", kind.resourceName());
        requestResync();
      } else {
        LOG.log(System.Logger.Level.WARNING, "watch of {0} ended: {1}; re-listing in {2} s", kind.resourceName(),
            cause.getMessage(), RETRY_SECONDS);
        retryLater();
      }
    }

    @Override
    public void onClose() {
      // closed by us
    }
  }
}
