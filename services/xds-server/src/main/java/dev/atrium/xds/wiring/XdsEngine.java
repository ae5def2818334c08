package dev.atrium.xds.wiring;

import dev.atrium.api.store.v1.Store;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.follow.StoreFollower;
import dev.atrium.follow.WatchRetry;
import dev.atrium.xds.ads.AdsServer;
import dev.atrium.xds.ads.ProxyId;
import dev.atrium.xds.ads.ProxyStreams;
import dev.atrium.xds.ads.XdsObserver;
import dev.atrium.xds.auth.AuthorizationMetadata;
import dev.atrium.xds.auth.OffloadedCalls;
import dev.atrium.xds.auth.ProxyAuthentication;
import dev.atrium.xds.auth.ProxyAuthenticator;
import dev.atrium.xds.auth.ProxyAuthenticators;
import dev.atrium.xds.auth.DataplaneTokenAuthenticator;
import dev.atrium.xds.auth.WatchedZoneTokenKeys;
import dev.atrium.xds.auth.ZoneIngressAuthentication;
import dev.atrium.xds.auth.ZoneTokenAuthenticator;
import dev.atrium.core.model.insight.MtlsInsight;
import dev.atrium.xds.config.XdsConfig;
import dev.atrium.xds.identity.IdentityIssuer;
import java.time.Clock;
import dev.atrium.xds.insight.ControlPlaneInstance;
import dev.atrium.xds.insight.GrpcInsightStore;
import dev.atrium.xds.insight.InsightWriter;
import dev.atrium.xds.ingress.AvailableServicesWriter;
import dev.atrium.xds.lifecycle.AgentDataplaneDeregistration;
import dev.atrium.xds.lifecycle.AgentDataplaneReRegistration;
import dev.atrium.xds.lifecycle.AgentDataplanes;
import io.envoyproxy.envoy.config.core.v3.Node;
import dev.atrium.xds.lifecycle.StoreDataplanes;
import dev.atrium.xds.metrics.XdsMetrics;
import dev.atrium.xds.reconcile.ProxyReconciler;
import io.grpc.Channel;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Assembles the server once: the store follower feeds the reconciler, the reconciler sets snapshots
 * on the ADS server, and the ADS server admits only proxies whose Dataplane exists and whose
 * credential authenticates it ({@link ProxyAuthentication}). Held as a
 * singleton because java-control-plane's cache must exist exactly once (xds-facts.md).
 */
@Singleton
public class XdsEngine {
  /** Workers for ADS calls whose authentication asks the Kubernetes API server (see {@link OffloadedCalls}). */
  private static final int OFFLOAD_THREADS = 8;
  /**
   * Every kind that shapes proxy config. DataplaneInsight and ZoneIngressInsight are left out: this server
   * writes those itself, and receiving its own status writes back would be traffic with nothing to do. GlobalSecret (the REST
   * API's user-token keys and the admin's token) never shapes a proxy, so it never leaves the store; nor
   * do Zones and ZoneInsights, global's record of its zones.
   */
  static final List<ResourceKind> WATCHED_KINDS = Arrays.stream(ResourceKind.values())
      .filter(k -> k != ResourceKind.DATAPLANE_INSIGHT && k != ResourceKind.ZONE_INGRESS_INSIGHT
          && k != ResourceKind.GLOBAL_SECRET && k != ResourceKind.ZONE && k != ResourceKind.ZONE_INSIGHT).toList();

  private final StoreFollower follower;
  private final AdsServer ads;
  private final ProxyReconciler reconciler;
  private final AvailableServicesWriter availableServices;
  private final AgentDataplaneDeregistration deregistration;
  private final AgentDataplaneReRegistration reRegistration;
  private final ProxyAuthenticator authenticator;
  /** The zone-token keys (with dataplane-token authentication only). */
  private final Optional<WatchedZoneTokenKeys> zoneTokenKeys;
  /** Workers for ADS calls whose authentication asks the API server; none when it does not. */
  private final Optional<OffloadedCalls> offloadedCalls;
  private final ProxyAuthentication authentication;

  public XdsEngine(@GrpcClient("store") Store store, @GrpcClient("store") Channel storeChannel,
      @GrpcClient("store") StoreGrpc.StoreBlockingStub blockingStore, XdsConfig config, InsightWriter insights,
      GrpcInsightStore insightStore, MeterRegistry registry) {
    this.follower = new StoreFollower(store, WATCHED_KINDS,
        new WatchRetry(config.storeRetryDelay(), config.storeMaxRetryDelay(), storeChannel));
    Lifecycle lifecycle = new Lifecycle();
    MetricsHandle metrics = new MetricsHandle();
    this.ads = new AdsServer(this::admit, lifecycle, metrics);
    metrics.target = new XdsMetrics(registry, ads.streams()::activeStreams);
    // Proxy status goes to the store as DataplaneInsight (written off the ADS threads).
    ads.streams().statusListener(insights);
    ads.streams().disconnectedRetention(config.disconnectedStatusRetention());
    XdsMetrics xdsMetrics = (XdsMetrics) metrics.target;
    IdentityIssuer identities = new IdentityIssuer(Clock.systemUTC(), config.identity().keyAlgorithm());
    // Each certificate made: counted, and recorded in the proxy's DataplaneInsight (Kuma's mTLS section).
    identities.listener((id, identity, supportedBackends, took) -> {
      xdsMetrics.certificateIssued(took);
      insights.certificateIssued(id, new MtlsInsight(identity.expiresAt().toString(), identity.issuedAt().toString(),
          identity.regenerations(), identity.backend(), supportedBackends));
    });
    this.reconciler = new ProxyReconciler(follower.index(), ads, metrics, identities, Clock.systemUTC());
    this.availableServices = new AvailableServicesWriter(blockingStore);
    reconciler.availableServicesWriter(availableServices);
    this.deregistration = new AgentDataplaneDeregistration(ads.streams()::status,
        new StoreDataplanes(blockingStore, insightStore, ControlPlaneInstance.id()), config.dataplaneDeregistrationDelay());
    this.reRegistration = new AgentDataplaneReRegistration(dp -> AgentDataplanes.put(blockingStore, dp));
    ProxyAuthenticator byType = ProxyAuthenticators.forType(config.auth().type(), follower.index(), config.kubernetes());
    // With dataplane tokens, a ZoneIngress presents a zone token, checked against keys kept from a Watch.
    this.zoneTokenKeys = byType instanceof DataplaneTokenAuthenticator
        ? Optional.of(new WatchedZoneTokenKeys(store, new WatchRetry(config.storeRetryDelay(), config.storeMaxRetryDelay(), storeChannel)))
        : Optional.empty();
    this.authenticator = zoneTokenKeys.<ProxyAuthenticator>map(keys -> new ZoneIngressAuthentication(byType,
        new ZoneTokenAuthenticator(keys, config.zone(), Clock.systemUTC()))).orElse(byType);
    this.authentication = new ProxyAuthentication(authenticator, registry);
    this.offloadedCalls = ProxyAuthenticators.blocks(config.auth().type())
        ? Optional.of(new OffloadedCalls(OFFLOAD_THREADS)) : Optional.empty();
    lifecycle.targets = List.of(reconciler, deregistration);
  }

  void start(@Observes StartupEvent event) {
    follower.start(reconciler);
  }

  void stop(@Observes ShutdownEvent event) {
    follower.stop();
    reconciler.shutdown();
    availableServices.close();
    zoneTokenKeys.ifPresent(WatchedZoneTokenKeys::close);
    deregistration.shutdown();
    reRegistration.shutdown();
    offloadedCalls.ifPresent(OffloadedCalls::close);
  }

  public AdsServer ads() {
    return ads;
  }

  /** The pool ADS calls run on when authentication waits on the network (ADS interceptors). */
  public Optional<OffloadedCalls> offloadedCalls() {
    return offloadedCalls;
  }

  public StoreFollower follower() {
    return follower;
  }

  public ProxyReconciler reconciler() {
    return reconciler;
  }

  public AgentDataplaneDeregistration deregistration() {
    return deregistration;
  }

  /** How proxies authenticate (for the bootstrap, which checks the Dataplane an agent registers). */
  public ProxyAuthenticator authenticator() {
    return authenticator;
  }

  /**
   * Once per ADS stream: the Dataplane must exist (or be in the node metadata of an agent that registered
   * it) and the stream's credential must authenticate it — before anything is re-registered or served.
   */
  private Optional<Status> admit(ProxyId id, Node node) {
    if (!follower.synced()) {
      return Optional.of(Status.UNAVAILABLE.withDescription("the xds-server is still loading resources; retry"));
    }
    if (id.isIngress()) return admitIngress(id);
    Optional<Resource> stored = follower.index().get(ResourceKind.DATAPLANE, id.mesh(), id.name());
    Optional<Resource> claimed = stored.isPresent() ? stored : AgentDataplanes.fromNodeMetadata(id, node);
    if (claimed.isEmpty()) {
      // Unknown, or the metadata's Dataplane is invalid (then the refusal says why).
      return reRegistration.missing(id, node).or(() -> Optional.of(Status.NOT_FOUND.withDescription(
          "Dataplane \"" + id.name() + "\" not found in mesh \"" + id.mesh()
              + "\": register it first (atrium-dp run --dataplane-file, or PUT it through the REST API)")));
    }
    Optional<Status> refused = authentication.check(AuthorizationMetadata.current(), claimed.get());
    if (refused.isPresent()) return refused;
    // A proxy whose agent registered its Dataplane, back after it was deregistered, registers it again.
    return stored.isPresent() ? Optional.empty() : reRegistration.missing(id, node);
  }

  /** A ZoneIngress's stream: the ZoneIngress must exist in this zone and the credential authenticate it. */
  private Optional<Status> admitIngress(ProxyId id) {
    Optional<Resource> ingress = follower.index().get(ResourceKind.ZONE_INGRESS, null, id.name());
    if (ingress.isEmpty()) {
      return Optional.of(Status.NOT_FOUND.withDescription("ZoneIngress \"" + id.name()
          + "\" not found: register it first (PUT /zoneingresses/" + id.name() + " through the REST API)"));
    }
    return authentication.check(AuthorizationMetadata.current(), ingress.get());
  }

  /** Breaks the construction cycle between the ADS server and the metrics that gauge its streams. */
  private static final class MetricsHandle implements XdsObserver {
    private XdsObserver target = XdsObserver.NONE;

    @Override
    public void generated(java.time.Duration took, boolean changed) {
      target.generated(took, changed);
    }

    @Override
    public void sent(String typeUrl) {
      target.sent(typeUrl);
    }

    @Override
    public void acked(String typeUrl, java.time.Duration sinceSent) {
      target.acked(typeUrl, sinceSent);
    }

    @Override
    public void nacked(String typeUrl) {
      target.nacked(typeUrl);
    }

    @Override
    public void changeReceived(java.time.Duration sinceWritten) {
      target.changeReceived(sinceWritten);
    }

    @Override
    public void reconciled(java.time.Duration queued, java.time.Duration took) {
      target.reconciled(queued, took);
    }
  }

  /** Breaks the construction cycle between the ADS callbacks and those told of proxies coming and going. */
  private static final class Lifecycle implements ProxyStreams.ProxyLifecycle {
    private List<ProxyStreams.ProxyLifecycle> targets = List.of();

    @Override
    public void connected(ProxyId id) {
      targets.forEach(t -> t.connected(id));
    }

    @Override
    public void disconnected(ProxyId id) {
      targets.forEach(t -> t.disconnected(id));
    }
  }
}
