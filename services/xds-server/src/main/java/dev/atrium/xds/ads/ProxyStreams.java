package dev.atrium.xds.ads;

import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Watches every ADS stream: who is on it (refusing proxies whose Dataplane does not exist), what was
 * sent, what was accepted and what was rejected. Tells the {@link ProxyLifecycle} when a proxy's first
 * stream opens and its last one closes.
 */
public final class ProxyStreams implements DiscoveryServerCallbacks {
  private static final Logger LOG = Logger.getLogger(ProxyStreams.class);
  /** Node metadata Kuma's bootstrap carries when the agent registered the Dataplane itself. */
  public static final String REGISTERED_BY_AGENT = "dataplane.resource";

  /** Decides whether a proxy may connect; returns the refusal reason, or empty to accept. */
  public interface Admission {
    /** {@code node}: what the proxy announced on the stream's first request (its metadata included). */
    Optional<Status> check(ProxyId id, Node node);
  }

  /** Connection events for the reconciler. */
  public interface ProxyLifecycle {
    void connected(ProxyId id);

    void disconnected(ProxyId id);
  }

  /**
   * Told after a proxy's status changed, e.g. to record it in the store. Runs on ADS threads: it must
   * return at once and never throw.
   */
  public interface StatusListener {
    /** The proxy's first stream opened: a new connection, announced by {@code node}. */
    void connected(ProxyStatus status, long streamId, Node node);

    /** A NACK was recorded, or the proxy's last stream closed. */
    void changed(ProxyStatus status);

    /**
     * An ACK was recorded: the proxy runs what it was sent. Routine — every push brings one per type —
     * so a listener may record it later than {@link #changed}.
     */
    default void acknowledged(ProxyStatus status) {
      changed(status);
    }
  }

  private static final StatusListener NO_LISTENER = new StatusListener() {
    @Override
    public void connected(ProxyStatus status, long streamId, Node node) {}

    @Override
    public void changed(ProxyStatus status) {}
  };

  private final Admission admission;
  private final ProxyLifecycle lifecycle;
  private final Clock clock;
  private final XdsObserver observer;
  private final Map<Long, ProxyId> streams = new ConcurrentHashMap<>();
  private final Map<ProxyId, ProxyStatus> statuses = new ConcurrentHashMap<>();
  /**
   * The last response sent per (node id, type): its nonce and version. An ACK or NACK always answers
   * the latest response of its type, so one entry per type suffices and the map stays bounded.
   */
  private final Map<String, Sent> lastSent = new ConcurrentHashMap<>();
  private volatile StatusListener listener = NO_LISTENER;
  private volatile java.time.Duration disconnectedRetention = java.time.Duration.ofSeconds(60);

  private record Sent(String nonce, String version, java.time.Instant at) {}

  public ProxyStreams(Admission admission, ProxyLifecycle lifecycle, Clock clock) {
    this(admission, lifecycle, clock, XdsObserver.NONE);
  }

  public ProxyStreams(Admission admission, ProxyLifecycle lifecycle, Clock clock, XdsObserver observer) {
    this.admission = admission;
    this.lifecycle = lifecycle;
    this.clock = clock;
    this.observer = observer;
  }

  /** Connected ADS streams (a proxy reconnecting may briefly have two). */
  public int activeStreams() {
    return streams.size();
  }

  /**
   * How long {@link #statuses()} keeps a proxy whose last stream ended (its DataplaneInsight in the
   * store keeps the record for good): long enough for {@code GET /proxies} to show who went away,
   * short enough that a fleet coming and going leaves nothing in memory.
   */
  public void disconnectedRetention(java.time.Duration retention) {
    this.disconnectedRetention = retention;
  }

  /** Sets the one listener told about status changes (the store's DataplaneInsight writer). */
  public void statusListener(StatusListener l) {
    this.listener = l == null ? NO_LISTENER : l;
  }

  public Optional<ProxyStatus> status(ProxyId id) {
    return Optional.ofNullable(statuses.get(id));
  }

  public Collection<ProxyStatus> statuses() {
    return List.copyOf(statuses.values());
  }

  @Override
  public void onV3StreamRequest(long streamId, DiscoveryRequest request) throws RequestException {
    ProxyId id = identify(streamId, request.getNode());
    ProxyStatus status = statuses.get(id);
    if (request.getResponseNonce().isEmpty()) {
      // A subscription. After a reconnect it names the version the proxy already runs: when that is
      // the current one (content-hashed, so a restarted server computes the same), nothing is re-sent
      // and the proxy is in sync — record it as accepted.
      if (!request.getVersionInfo().isEmpty()) {
        status.update(request.getTypeUrl(), t -> t.acked(request.getVersionInfo(), clock.instant()));
        listener.acknowledged(status);
      }
      return;
    }
    if (request.hasErrorDetail()) {
      String rejected = versionFor(id, request.getTypeUrl(), request.getResponseNonce());
      String error = request.getErrorDetail().getMessage();
      LOG.warnf("%s rejected %s version %s: %s", id, shortType(request.getTypeUrl()), rejected, error);
      status.update(request.getTypeUrl(), t -> t.nacked(rejected, error, clock.instant()));
      observer.nacked(request.getTypeUrl());
      listener.changed(status);
    } else {
      status.update(request.getTypeUrl(), t -> t.acked(request.getVersionInfo(), clock.instant()));
      observeAck(id, request.getTypeUrl(), request.getResponseNonce());
      listener.acknowledged(status);
    }
  }

  @Override
  public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) throws RequestException {
    ProxyId id = identify(streamId, request.getNode());
    if (request.getResponseNonce().isEmpty()) return;
    ProxyStatus status = statuses.get(id);
    String version = versionFor(id, request.getTypeUrl(), request.getResponseNonce());
    if (request.hasErrorDetail()) {
      LOG.warnf("%s rejected %s (delta) version %s: %s", id, shortType(request.getTypeUrl()), version,
          request.getErrorDetail().getMessage());
      status.update(request.getTypeUrl(), t -> t.nacked(version, request.getErrorDetail().getMessage(), clock.instant()));
      observer.nacked(request.getTypeUrl());
      listener.changed(status);
    } else {
      status.update(request.getTypeUrl(), t -> t.acked(version, clock.instant()));
      observeAck(id, request.getTypeUrl(), request.getResponseNonce());
      listener.acknowledged(status);
    }
  }

  @Override
  public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
    recordSent(streamId, response.getTypeUrl(), response.getNonce(), response.getVersionInfo());
  }

  @Override
  public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
    recordSent(streamId, response.getTypeUrl(), response.getNonce(), response.getSystemVersionInfo());
  }

  @Override
  public void onStreamClose(long streamId, String typeUrl) {
    closed(streamId);
  }

  @Override
  public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
    closed(streamId);
  }

  /** The version a NACK refers to, for {@link NackHoldingWatcher}. */
  String nackedVersion(XdsRequest request) {
    return ProxyId.parse(request.v3Request().getNode().getId())
        .map(id -> versionFor(id, request.getTypeUrl(), request.getResponseNonce()))
        .filter(v -> !v.isEmpty())
        .orElse(null);
  }

  private ProxyId identify(long streamId, Node node) throws RequestException {
    ProxyId known = streams.get(streamId);
    if (known != null) return known;
    ProxyId id = ProxyId.parse(node.getId()).orElseThrow(() -> new RequestException(Status.INVALID_ARGUMENT
        .withDescription("node.id \"" + node.getId() + "\" is not <mesh>.<dataplane name>")));
    Optional<Status> refusal = admission.check(id, node);
    if (refusal.isPresent()) {
      // Authentication refusals are logged (at INFO) and counted where they are decided.
      if (refusal.get().getCode() != Status.Code.UNAUTHENTICATED) {
        LOG.warnf("refused proxy %s: %s", id, refusal.get().getDescription());
      }
      throw new RequestException(refusal.get());
    }
    streams.put(streamId, id);
    boolean[] first = new boolean[1];
    // Opened inside compute: forget() cannot drop the status between its lookup and the stream count.
    ProxyStatus status = statuses.compute(id, (k, existing) -> {
      ProxyStatus s = existing != null ? existing : new ProxyStatus(k);
      first[0] = s.streamOpened(clock.instant());
      return s;
    });
    if (first[0]) {
      status.registeredByAgent(node.getMetadata().containsFields(REGISTERED_BY_AGENT));
      LOG.infof("proxy %s connected", id);
      lifecycle.connected(id);
      listener.connected(status, streamId, node);
    }
    return id;
  }

  private void recordSent(long streamId, String typeUrl, String nonce, String version) {
    ProxyId id = streams.get(streamId);
    if (id == null) return;
    lastSent.put(key(id, typeUrl), new Sent(nonce, version, clock.instant()));
    statuses.get(id).update(typeUrl, t -> t.sent(version));
    observer.sent(typeUrl);
  }

  private void closed(long streamId) {
    ProxyId id = streams.remove(streamId);
    if (id == null) return;
    ProxyStatus status = statuses.get(id);
    if (status != null && status.streamClosed(clock.instant())) {
      LOG.infof("proxy %s disconnected", id);
      lastSent.keySet().removeIf(k -> k.startsWith(id.nodeId() + "#"));
      lifecycle.disconnected(id);
      listener.changed(status);
      java.time.Instant at = status.disconnectedAt();
      CompletableFuture.delayedExecutor(disconnectedRetention.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> statuses.computeIfPresent(id,
              (k, s) -> !s.connected() && at.equals(s.disconnectedAt()) ? null : s));
    }
  }

  /**
   * Drops what is kept of a proxy that is not connected (its Dataplane was deleted): a fleet that comes
   * and goes leaves nothing behind. A connected proxy keeps its status.
   */
  public void forget(ProxyId id) {
    statuses.computeIfPresent(id, (k, status) -> status.connected() ? status : null);
  }

  ProxyStatus statusFor(ProxyId id) {
    return statuses.get(id);
  }

  /** Push-to-ACK time, counted only for the ACK of the latest response (older nonces are superseded). */
  private void observeAck(ProxyId id, String typeUrl, String nonce) {
    Sent sent = lastSent.get(key(id, typeUrl));
    if (sent != null && sent.nonce().equals(nonce)) {
      observer.acked(typeUrl, java.time.Duration.between(sent.at(), clock.instant()));
    }
  }

  /** The version of the response {@code nonce} answers; "" if it is not the latest of its type. */
  private String versionFor(ProxyId id, String typeUrl, String nonce) {
    Sent sent = lastSent.get(key(id, typeUrl));
    return sent != null && sent.nonce().equals(nonce) ? sent.version() : "";
  }

  private static String key(ProxyId id, String typeUrl) {
    return id.nodeId() + "#" + typeUrl;
  }

  private static String shortType(String typeUrl) {
    return typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
  }
}
