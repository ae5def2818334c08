package dev.atrium.store.backend.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Confirms the progress of idle kinds, so that an event of one kind is released without waiting for
 * the other kinds to change or for their next watch bookmark (the API server sends those about once a
 * minute). For each kind the {@link Sequencer} reports as lagging, a consistent list (resourceVersion
 * unset: the API server serves it at the current etcd revision); if the objects and their
 * resourceVersions equal what the kind's watch has delivered, the kind had no lasting change up to
 * the list's revision. Lists run in parallel, on a few threads of their own.
 */
final class ProgressProber implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProgressProber.class.getName());
  private static final long FIRST_RETRY_MILLIS = 5;
  private static final long LAST_RETRY_MILLIS = 1_000;

  private final Sequencer sequencer;
  private final Map<String, KubeKind> kinds;
  private final KubernetesClient client;
  private final String systemNamespace;
  private final ExecutorService lists;
  private final Thread loop;
  private final Object lock = new Object();
  private boolean requested; // guarded by lock
  private volatile boolean closed;

  ProgressProber(Sequencer sequencer, List<KubeKind> kinds, KubernetesClient client, String systemNamespace) {
    this.sequencer = sequencer;
    this.kinds = new HashMap<>();
    kinds.forEach(k -> this.kinds.put(k.typeName(), k));
    this.client = client;
    this.systemNamespace = systemNamespace;
    AtomicInteger n = new AtomicInteger();
    this.lists = Executors.newFixedThreadPool(4, r -> daemon(r, "atrium-kube-probe-" + n.incrementAndGet()));
    this.loop = daemon(this::run, "atrium-kube-progress");
  }

  void start() {
    loop.start();
  }

  /** Something may be waiting for progress (called under the sequencer's lock: only sets a flag). */
  void wake() {
    synchronized (lock) {
      requested = true;
      lock.notifyAll();
    }
  }

  @Override
  public void close() {
    closed = true;
    wake();
    lists.shutdownNow();
  }

  private void run() {
    while (awaitRequest()) {
      long retry = FIRST_RETRY_MILLIS;
      while (!closed) {
        Set<String> lagging = sequencer.lagging();
        if (lagging.isEmpty()) break;
        if (probeAll(lagging)) {
          retry = FIRST_RETRY_MILLIS;
        } else {
          // The watches have not delivered what the lists show yet, or etcd has not moved on: soon again.
          sleep(retry);
          retry = Math.min(retry * 2, LAST_RETRY_MILLIS);
        }
      }
    }
  }

  private boolean probeAll(Set<String> lagging) {
    List<CompletableFuture<Boolean>> probes = lagging.stream()
        .map(kind -> CompletableFuture.supplyAsync(() -> probe(kind), lists)).toList();
    boolean any = false;
    for (CompletableFuture<Boolean> p : probes) {
      try {
        any |= p.join();
      } catch (RuntimeException e) {
        if (!closed) LOG.log(System.Logger.Level.DEBUG, "progress probe failed", e);
      }
    }
    return any;
  }

  private boolean probe(String kind) {
    try {
      GenericKubernetesResourceList list = kinds.get(kind).collection(client, systemNamespace).list();
      Map<String, Long> listed = new HashMap<>();
      for (GenericKubernetesResource o : list.getItems()) {
        String ns = o.getMetadata().getNamespace();
        listed.put(ns == null || ns.isEmpty() ? o.getMetadata().getName() : ns + "/" + o.getMetadata().getName(),
            Long.parseLong(o.getMetadata().getResourceVersion()));
      }
      return sequencer.probed(kind, Long.parseLong(list.getMetadata().getResourceVersion()), listed);
    } catch (RuntimeException e) {
      if (!closed) LOG.log(System.Logger.Level.WARNING, "progress probe of {0} failed: {1}", kind, e.getMessage());
      return false;
    }
  }

  private boolean awaitRequest() {
    synchronized (lock) {
      while (!requested && !closed) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          return false;
        }
      }
      requested = false;
      return !closed;
    }
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
