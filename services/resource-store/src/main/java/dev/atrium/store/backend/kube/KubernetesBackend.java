package dev.atrium.store.backend.kube;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.StoreSnapshot;
import dev.atrium.store.backend.StoredResource;
import dev.atrium.store.backend.WriteResult;
import dev.atrium.store.backend.jdbc.EventRetention;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The store in a Kubernetes API server: every kind a {@code kuma.io/v1alpha1} custom resource (Secrets
 * core/v1 Secrets of type {@code system.kuma.io/secret}), versions are resourceVersions, and the change
 * log is built from one watch per kind (ADR 0006).
 *
 * <p>How it differs from the JDBC backends, as the contract suite records: revisions are etcd
 * revisions, so they strictly increase but with gaps; the event log lives in memory, so after a
 * restart watchers re-list; names are Kubernetes object names, unique per kind and namespace across
 * meshes. Reads are served from the released state, so a write is visible to the process that made
 * it when put/delete return, and to other replicas as soon as their watches deliver it.
 *
 * <p>{@link #open(KubernetesClient, String, EventRetention, Duration)} uses the client it is given and
 * does not close it; {@link #open(Config, String, EventRetention, Duration)} makes and closes its own.
 */
public final class KubernetesBackend implements StoreBackend {
  private static final System.Logger LOG = System.getLogger(KubernetesBackend.class.getName());
  private static final long READ_TIMEOUT_MILLIS = 30_000;

  private final List<KubeKind> kinds = KubeKind.all();
  private final Sequencer sequencer;
  private final ObjectWriter writer;
  private final ProgressProber prober;
  private final Map<String, KindWatch> watches = new LinkedHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService notifier;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean notifyScheduled = new AtomicBoolean();
  private AutoCloseable ownedClient;
  private volatile boolean closed;

  private KubernetesBackend(KubernetesClient client, String systemNamespace, EventRetention retention) {
    ObjectCodec codec = new ObjectCodec(client.getKubernetesSerialization(), systemNamespace);
    Set<String> names = new LinkedHashSet<>();
    Map<String, KubeKind> byName = new LinkedHashMap<>();
    kinds.forEach(k -> {
      names.add(k.typeName());
      byName.put(k.typeName(), k);
    });
    this.scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "atrium-kube-list"));
    this.notifier = Executors.newSingleThreadExecutor(r -> daemon(r, "atrium-kube-commit"));
    this.sequencer = new Sequencer(names, retention, new Sequencer.Hooks() {
      @Override
      public void resyncNeeded(String kind) {
        watches.get(kind).requestResync();
      }

      @Override
      public void probeNeeded() {
        prober().wake();
      }

      @Override
      public void released() {
        notifyListeners();
      }
    });
    this.prober = new ProgressProber(sequencer, kinds, client, systemNamespace);
    this.writer = new ObjectWriter(client, codec, sequencer, byName);
    kinds.forEach(k -> watches.put(k.typeName(), new KindWatch(k, client, codec, sequencer, scheduler)));
  }

  /**
   * Lists and watches every kind and returns once the state is complete.
   *
   * @param systemNamespace where Secrets live, and resources written without a Kubernetes namespace
   * @throws IllegalStateException if the kinds could not all be listed in {@code startTimeout} (a CRD
   *     missing, no permission, no API server)
   */
  public static KubernetesBackend open(Config config, String systemNamespace, EventRetention retention,
      Duration startTimeout) {
    // The JDK's HTTP client: requests that never wait for a Vert.x event loop, whichever thread opens the store.
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory()).build();
    try {
      KubernetesBackend backend = open(client, systemNamespace, retention, startTimeout);
      backend.ownedClient = client;
      return backend;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Like {@link #open(Config, String, EventRetention, Duration)}, with a client the caller keeps and closes. */
  public static KubernetesBackend open(KubernetesClient client, String systemNamespace, EventRetention retention,
      Duration startTimeout) {
    Objects.requireNonNull(client, "client");
    ensureNamespace(client, systemNamespace);
    KubernetesBackend backend = new KubernetesBackend(client, systemNamespace, retention);
    backend.prober.start();
    backend.watches.values().forEach(KindWatch::start);
    if (!backend.sequencer.awaitReady(startTimeout.toMillis())) {
      backend.close();
      throw new IllegalStateException("the Kubernetes store could not list every kind in " + startTimeout.toSeconds()
          + " s; are the CRDs installed (deploy/k8s/crds) and may this service account list and watch "
          + backend.kinds.stream().map(KubeKind::resourceName).toList() + "? See the log for the failing kind");
    }
    return backend;
  }

  @Override
  public Optional<StoredResource> get(ResourceKey key) {
    return sequencer.get(Objects.requireNonNull(key, "key"));
  }

  @Override
  public List<StoredResource> list(String kind, String mesh) {
    return sequencer.list(Objects.requireNonNull(kind, "kind"), mesh);
  }

  @Override
  public WriteResult put(ResourceKey key, Map<String, String> labels, String json, long expectedVersion) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(json, "json");
    return writer.put(key, labels == null ? Map.of() : labels, json, expectedVersion);
  }

  @Override
  public List<StoreEvent> delete(ResourceKey key, long expectedVersion) {
    return writer.delete(Objects.requireNonNull(key, "key"), expectedVersion);
  }

  @Override
  public StoreSnapshot snapshot(Set<String> kinds) {
    return sequencer.snapshot(Objects.requireNonNull(kinds, "kinds"), READ_TIMEOUT_MILLIS);
  }

  @Override
  public long revision() {
    return sequencer.revision(READ_TIMEOUT_MILLIS);
  }

  @Override
  public List<StoreEvent> eventsAfter(long afterRevision, int limit) {
    if (afterRevision < 0) throw new IllegalArgumentException("afterRevision must not be negative: " + afterRevision);
    if (limit < 1) throw new IllegalArgumentException("limit must be at least 1: " + limit);
    return sequencer.eventsAfter(afterRevision, limit);
  }

  @Override
  public void onCommitted(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    watches.values().forEach(KindWatch::close);
    prober.close();
    sequencer.close();
    scheduler.shutdownNow();
    notifier.shutdownNow();
    if (ownedClient != null) {
      try {
        ownedClient.close();
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "closing the Kubernetes client failed", e);
      }
    }
  }

  private ProgressProber prober() {
    return prober;
  }

  /** Runs the listeners on a thread of their own, once for any number of releases meanwhile. */
  private void notifyListeners() {
    if (closed || !notifyScheduled.compareAndSet(false, true)) return;
    try {
      notifier.execute(() -> {
        notifyScheduled.set(false);
        for (Runnable listener : listeners) {
          try {
            listener.run();
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "onCommitted listener failed", e);
          }
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      notifyScheduled.set(false);
    }
  }

  /** Resources written without a namespace go to the system namespace: make sure it exists. */
  private static void ensureNamespace(KubernetesClient client, String namespace) {
    try {
      if (client.namespaces().withName(namespace).get() == null) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        LOG.log(System.Logger.Level.INFO, "created the system namespace {0}", namespace);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        LOG.log(System.Logger.Level.WARNING, "could not check or create the system namespace {0}: {1}", namespace, e.getMessage());
      }
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
