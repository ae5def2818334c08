package dev.atrium.xds.ingress;

import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec.AvailableService;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Keeps each connected ZoneIngress of this zone telling the other zones what it reaches: when the
 * reconciler computes an ingress's {@code availableServices} ({@code AvailableServices}) and they differ
 * from the stored ones, the ZoneIngress is written back through the Store API — a compare-and-set on the
 * version read, so a concurrent change wins and the next reconcile writes again. Driven by the same
 * events as the ingress's config (a Dataplane or a Mesh changed), never by a timer. Writes run on a
 * thread of their own, newest value per ingress only, so the reconcile thread never waits on the store.
 */
public final class AvailableServicesWriter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AvailableServicesWriter.class);

  private final StoreGrpc.StoreBlockingStub store;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "atrium-ingress-services");
    t.setDaemon(true);
    return t;
  });
  /** The newest value to write per ingress name; a burst of changes writes once. */
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(Resource ingress, List<AvailableService> services) {}

  public AvailableServicesWriter(StoreGrpc.StoreBlockingStub store) {
    this.store = store;
  }

  /** Asks for {@code ingress} to say {@code services}, unless it already does. */
  public void update(Resource ingress, List<AvailableService> services) {
    if (ingress.specAs(ZoneIngressSpec.class).availableServices().equals(services)) {
      pending.remove(ingress.name());
      return;
    }
    if (pending.put(ingress.name(), new Pending(ingress, services)) == null) {
      writer.execute(() -> write(ingress.name()));
    }
  }

  private void write(String name) {
    Pending p = pending.remove(name);
    if (p == null) return;
    Resource ingress = p.ingress();
    ZoneIngressSpec spec = ingress.specAs(ZoneIngressSpec.class).withAvailableServices(p.services());
    try {
      store.put(PutRequest.newBuilder()
          .setKey(ResourceKey.newBuilder().setKind(ingress.kind().typeName()).setName(ingress.name()))
          .putAllLabels(ingress.meta().labels())
          .setSpecJson(ResourceCodec.encodeSpec(spec))
          .setHasExpectedVersion(true).setExpectedVersion(ingress.meta().version())
          .build());
      LOG.debugf("ZoneIngress %s now lists %d available services", name, p.services().size());
    } catch (StatusRuntimeException e) {
      // Changed meanwhile (ABORTED) or gone: the change that caused it reconciles the ingress again.
      LOG.debugf("available services of ZoneIngress %s not written: %s", name, e.getStatus());
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
