package dev.atrium.xds.lifecycle;

import dev.atrium.core.model.Resource;
import dev.atrium.xds.ads.ProxyId;
import dev.atrium.xds.ads.ProxyStreams;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Status;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The other half of Kuma's dataplane lifecycle: a proxy whose agent registered its Dataplane, and which
 * comes back after the Dataplane was deregistered (it was away longer than the deregistration delay: a
 * network partition, a suspended host), registers it again from its node metadata
 * ({@code dataplane.resource}), as Kuma does on connect. The write happens off the ADS thread; the
 * stream is refused as UNAVAILABLE meanwhile and Envoy's next attempt finds the Dataplane.
 */
public final class AgentDataplaneReRegistration {
  private static final Logger LOG = Logger.getLogger(AgentDataplaneReRegistration.class);

  private final Consumer<Resource> store;
  private final Set<ProxyId> pending = ConcurrentHashMap.newKeySet();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "atrium-reregistration");
    t.setDaemon(true);
    return t;
  });

  /** @param store writes a Dataplane (blocking), throwing {@link AgentDataplanes.Refused} when it is invalid */
  public AgentDataplaneReRegistration(Consumer<Resource> store) {
    this.store = store;
  }

  /**
   * What to tell a proxy whose Dataplane does not exist: UNAVAILABLE while its Dataplane is registered
   * again from its metadata, or empty when it carries none (it was never the agent's to register).
   */
  public Optional<Status> missing(ProxyId id, Node node) {
    var field = node.getMetadata().getFieldsMap().get(ProxyStreams.REGISTERED_BY_AGENT);
    if (field == null || field.getStringValue().isBlank()) return Optional.empty();
    Resource dp;
    try {
      dp = AgentDataplanes.decode(field.getStringValue(), id.mesh(), id.name());
    } catch (AgentDataplanes.Refused e) {
      return Optional.of(Status.INVALID_ARGUMENT.withDescription("the Dataplane in the node metadata: " + e.getMessage()));
    }
    if (pending.add(id)) {
      try {
        writer.execute(() -> register(id, dp));
      } catch (RejectedExecutionException shuttingDown) {
        pending.remove(id);
      }
    }
    return Optional.of(Status.UNAVAILABLE.withDescription("Dataplane \"" + id.name() + "\" was deregistered while its "
        + "proxy was away; it is being registered again from the proxy's metadata: retry"));
  }

  private void register(ProxyId id, Resource dp) {
    try {
      store.accept(dp);
      LOG.infof("Dataplane %s registered again: its proxy came back", id);
    } catch (RuntimeException e) {
      LOG.warnf("Dataplane %s not registered again: %s", id, e.getMessage());
    } finally {
      pending.remove(id);
    }
  }

  public void shutdown() {
    writer.shutdownNow();
  }
}
