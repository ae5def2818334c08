package dev.atrium.bench.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One simulated proxy: a state-of-the-world ADS stream that behaves like Envoy's. It subscribes to
 * CDS and LDS (wildcard), ACKs every response (version_info = the response's version, response_nonce
 * = its nonce), subscribes EDS to the EDS clusters CDS names and RDS to the route configurations the
 * listeners' HTTP connection managers name, and re-sends the node on every request (Envoy's default;
 * the server groups snapshots by it).
 *
 * <p>All sends happen under this object's lock: the request observer is not thread-safe, and grpc
 * delivers one stream's responses one at a time.
 */
final class AdsClient implements StreamObserver<DiscoveryResponse> {
  static final String CDS = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String EDS = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  static final String LDS = "type.googleapis.com/envoy.config.listener.v3.Listener";
  static final String RDS = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  static final String SDS = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";
  /** Index order of {@link #responseCounts()}. */
  static final List<String> TYPES = List.of(CDS, EDS, LDS, RDS, SDS);

  /** Per type: what this proxy asked for, and the last response it accepted. */
  private static final class TypeState {
    final String typeUrl;
    List<String> names = List.of(); // empty: wildcard
    String version = "";
    String nonce = "";
    Set<String> received = Set.of();
    boolean acked;
    int responses;

    TypeState(String typeUrl) {
      this.typeUrl = typeUrl;
    }

    boolean covers() {
      return acked && !names.isEmpty() && received.containsAll(names);
    }
  }

  private final int index;
  private final String name;
  private final Node node;
  private final AtomicReference<EndpointWatch> watch;
  private final AtomicReference<BroadcastWatch> broadcast;
  private final TypeState[] states = {new TypeState(CDS), new TypeState(EDS), new TypeState(LDS), new TypeState(RDS),
      new TypeState(SDS)};
  /** With {@code --mtls}: the mesh-TLS secrets it subscribes to by name, as Envoy does for the SDS names its clusters give. */
  private final List<String> secrets;
  private StreamObserver<DiscoveryRequest> requests; // guarded by this
  private volatile long startedAt; // nanoTime the stream was opened
  private volatile long convergedAt; // nanoTime; 0 until first converged
  private volatile Throwable error;
  private volatile boolean closed;
  private volatile boolean cancelled; // by this side, at the end of the run

  AdsClient(int index, String name, AtomicReference<EndpointWatch> watch, AtomicReference<BroadcastWatch> broadcast,
      List<String> secrets) {
    this.broadcast = broadcast;
    this.secrets = List.copyOf(secrets);
    this.index = index;
    this.name = name;
    this.node = Node.newBuilder().setId("default." + name).setCluster(name).build();
    this.watch = watch;
  }

  /** Opens the stream and subscribes CDS and LDS, as Envoy does on start. */
  synchronized void start(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub) {
    startedAt = System.nanoTime();
    requests = stub.streamAggregatedResources(this);
    send(state(CDS));
    send(state(LDS));
    if (!secrets.isEmpty()) {
      state(SDS).names = secrets;
      send(state(SDS));
    }
  }

  @Override
  public synchronized void onNext(DiscoveryResponse response) {
    TypeState st = state(response.getTypeUrl());
    if (st == null) return; // a type nobody asked for: Envoy would ignore it too
    st.responses++;
    Set<String> names = new HashSet<>();
    Set<String> next = new TreeSet<>(); // EDS clusters from CDS, route configurations from LDS
    Set<Integer> endpointPorts = new HashSet<>();
    List<Long> timeouts = new ArrayList<>(); // EDS clusters' connect timeouts, routes' timeouts (seconds)
    try {
      for (Any any : response.getResourcesList()) read(st.typeUrl, any, names, next, endpointPorts, timeouts);
    } catch (InvalidProtocolBufferException e) {
      error = e;
      return; // Envoy would NACK; a benchmark run with an unreadable response has failed
    }
    st.version = response.getVersionInfo();
    st.nonce = response.getNonce();
    st.received = names;
    st.acked = true;
    send(st); // the ACK
    if (st.typeUrl.equals(CDS)) resubscribe(state(EDS), next);
    if (st.typeUrl.equals(LDS)) resubscribe(state(RDS), next);
    long now = System.nanoTime();
    EndpointWatch w = watch.get();
    if (st.typeUrl.equals(EDS) && w != null && endpointPorts.contains(w.port())) w.seen(index, now);
    BroadcastWatch b = broadcast.get();
    if (b != null && st.typeUrl.equals(CDS)) b.clusters(index, timeouts, now);
    if (b != null && st.typeUrl.equals(RDS)) b.routes(index, timeouts, now);
    if (convergedAt == 0 && states[0].acked && states[2].acked && states[1].covers() && states[3].covers()
        && (secrets.isEmpty() || states[4].covers())) {
      convergedAt = now;
    }
  }

  private static void read(String typeUrl, Any any, Set<String> names, Set<String> next, Set<Integer> ports,
      List<Long> timeouts) throws InvalidProtocolBufferException {
    switch (typeUrl) {
      case CDS -> {
        Cluster c = any.unpack(Cluster.class);
        names.add(c.getName());
        if (c.getType() == Cluster.DiscoveryType.EDS) {
          String service = c.getEdsClusterConfig().getServiceName();
          next.add(service.isEmpty() ? c.getName() : service);
          timeouts.add(c.getConnectTimeout().getSeconds());
        }
      }
      case LDS -> {
        Listener l = any.unpack(Listener.class);
        names.add(l.getName());
        for (FilterChain chain : l.getFilterChainsList()) {
          for (Filter f : chain.getFiltersList()) {
            if (f.getTypedConfig().is(HttpConnectionManager.class)) {
              HttpConnectionManager hcm = f.getTypedConfig().unpack(HttpConnectionManager.class);
              if (hcm.hasRds()) next.add(hcm.getRds().getRouteConfigName());
            }
          }
        }
      }
      case EDS -> {
        ClusterLoadAssignment cla = any.unpack(ClusterLoadAssignment.class);
        names.add(cla.getClusterName());
        for (LocalityLbEndpoints locality : cla.getEndpointsList()) {
          for (LbEndpoint e : locality.getLbEndpointsList()) ports.add(e.getEndpoint().getAddress().getSocketAddress().getPortValue());
        }
      }
      case RDS -> {
        RouteConfiguration rc = any.unpack(RouteConfiguration.class);
        names.add(rc.getName());
        for (VirtualHost vh : rc.getVirtualHostsList()) {
          for (Route r : vh.getRoutesList()) if (r.getRoute().hasTimeout()) timeouts.add(r.getRoute().getTimeout().getSeconds());
        }
      }
      case SDS -> names.add(any.unpack(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret.class).getName());
      default -> { }
    }
  }

  /** A new EDS/RDS subscription when the set of names changed, carrying the last accepted version and nonce. */
  private void resubscribe(TypeState st, Set<String> names) {
    List<String> wanted = new ArrayList<>(names);
    if (wanted.equals(st.names)) return;
    st.names = wanted;
    send(st);
  }

  private void send(TypeState st) {
    if (closed) return;
    requests.onNext(DiscoveryRequest.newBuilder()
        .setNode(node)
        .setTypeUrl(st.typeUrl)
        .addAllResourceNames(st.names)
        .setVersionInfo(st.version)
        .setResponseNonce(st.nonce)
        .build());
  }

  private TypeState state(String typeUrl) {
    for (TypeState s : states) {
      if (s.typeUrl.equals(typeUrl)) return s;
    }
    return null;
  }

  @Override
  public void onError(Throwable t) {
    if (!cancelled) error = t;
    closed = true;
  }

  @Override
  public void onCompleted() {
    closed = true;
    if (!cancelled && error == null) error = new IllegalStateException("the server ended the stream");
  }

  /** Cancels the stream from this side (end of the run). */
  synchronized void close() {
    cancelled = true;
    if (closed || requests == null) return;
    closed = true;
    requests.onError(Status.CANCELLED.withDescription("benchmark done").asRuntimeException());
  }

  String name() {
    return name;
  }

  /** When {@link #start} opened the stream (nanoTime). */
  long startedAt() {
    return startedAt;
  }

  long convergedAt() {
    return convergedAt;
  }

  /** Why the stream failed, or null; an error that arrives after {@link #close()} is not a failure. */
  Throwable failure() {
    return error;
  }

  /** Responses received so far per type, in {@link #TYPES} order. */
  synchronized int[] responseCounts() {
    int[] counts = new int[states.length];
    for (int i = 0; i < states.length; i++) counts[i] = states[i].responses;
    return counts;
  }
}
