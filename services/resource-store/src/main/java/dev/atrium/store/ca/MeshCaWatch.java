package dev.atrium.store.ca;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.service.ResourceService;
import dev.atrium.store.service.StoredResources;
import dev.atrium.store.watch.WatchHub;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Meshes that reach the store without the REST or gRPC API (on the Kubernetes backend: {@code kubectl
 * apply}, checked by the admission webhook) get their builtin CA as soon as the store sees them, as
 * Kuma's Kubernetes mesh controller does. Writes through the API made the CA before storing the Mesh,
 * so for them this finds nothing to do. Such Meshes also get Kuma's default policies here, once (see
 * {@link dev.atrium.store.defaults.MeshDefaultPolicyOwner}); {@code kubectl apply} returns before they
 * exist, as with Kuma's mesh controller. Key generation runs on its own thread, never on the watch's.
 */
@Startup
@Singleton
public class MeshCaWatch {
  private static final Logger LOG = Logger.getLogger(MeshCaWatch.class);
  private static final long RESUBSCRIBE_DELAY_MILLIS = 1_000;

  private final WatchHub hub;
  private final ResourceService service;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "atrium-mesh-ca");
    t.setDaemon(true);
    return t;
  });
  private WatchHub.Subscription subscription; // guarded by this
  private boolean closed; // guarded by this

  public MeshCaWatch(WatchHub hub, ResourceService service, StoreBackend backend) {
    this.hub = hub;
    this.service = service;
    subscribe(backend.revision());
  }

  @PreDestroy
  synchronized void close() {
    closed = true;
    if (subscription != null) subscription.close();
    worker.shutdownNow();
  }

  private synchronized void subscribe(long fromRevision) {
    if (closed) return;
    try {
      subscription = hub.subscribe(fromRevision, Set.of(ResourceKind.MESH.typeName()), null, new WatchHub.Listener() {
        @Override
        public void onEvent(StoreEvent event) {
          if (event.type() != StoreEvent.Type.PUT) return;
          worker.execute(() -> {
            if (service.ensureCertificateAuthorities(StoredResources.toResource(event.resource()))) {
              LOG.infof("created the builtin CA of mesh %s", event.key().name());
            }
            // Kubernetes store only, and once per Mesh (MeshDefaultPolicyOwner.GENERATED_LABEL).
            service.ensureDefaultPolicies(event.resource());
          });
        }

        @Override
        public void onSynced(long revision) {}

        @Override
        public void onError(Throwable error) {
          ended(error);
        }
      });
    } catch (IllegalStateException hubClosed) {
      closed = true;
    }
  }

  /** From revision 0 again: every Mesh is looked at once more, which is harmless (a CA is made only once). */
  private void ended(Throwable why) {
    synchronized (this) {
      if (closed) return;
    }
    LOG.debugf("mesh CA subscription ended (%s); subscribing again", why.getMessage());
    CompletableFuture.delayedExecutor(RESUBSCRIBE_DELAY_MILLIS, TimeUnit.MILLISECONDS).execute(() -> subscribe(0));
  }
}
