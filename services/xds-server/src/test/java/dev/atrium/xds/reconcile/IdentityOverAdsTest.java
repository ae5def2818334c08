package dev.atrium.xds.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.follow.Change;
import dev.atrium.follow.ResourceIndex;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.security.tls.CertificateRequest;
import dev.atrium.security.tls.IssuedCertificate;
import dev.atrium.xds.ads.AdsServer;
import dev.atrium.xds.ads.ProxyId;
import dev.atrium.xds.ads.ProxyStreams;
import dev.atrium.xds.ads.XdsObserver;
import dev.atrium.xds.identity.IdentityIssuer;
import dev.atrium.xds.identity.ProxyKeyAlgorithm;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The xds-server's ADS (java-control-plane, the reconciler, the issuer) on a real gRPC port, and a
 * grpc-java client speaking ADS as Envoy does: the proxy of an mTLS mesh receives its certificate and
 * its mesh's CA over SDS, and a renewal is an SDS push only.
 */
class IdentityOverAdsTest {
  static final String IDENTITY = "identity_cert:secret:default";
  static final String CA = "mesh_ca:secret:default";

  private final ResourceIndex index = new ResourceIndex();
  private final IssuedCertificate ca = CertificateIssuer.systemClock().selfSigned(CertificateRequest.ca("default", Duration.ofDays(3650)));
  private final List<ProxyStreams.ProxyLifecycle> lifecycle = new ArrayList<>();
  private final AdsServer ads = new AdsServer((id, node) -> Optional.empty(), new ProxyStreams.ProxyLifecycle() {
    @Override
    public void connected(ProxyId id) {
      lifecycle.forEach(l -> l.connected(id));
    }

    @Override
    public void disconnected(ProxyId id) {
      lifecycle.forEach(l -> l.disconnected(id));
    }
  });
  private final IdentityIssuer issuer = new IdentityIssuer(Clock.systemUTC(), ProxyKeyAlgorithm.ECDSA_P256);
  private final ProxyReconciler reconciler = new ProxyReconciler(index, ads, XdsObserver.NONE, issuer, Clock.systemUTC());
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    if (server != null) server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    reconciler.shutdown();
  }

  @Test
  void aProxyGetsItsCertificateAndCaOverSdsAndARenewalPushesSdsOnly() throws Exception {
    // 5 s certificates: renewed after 4 s.
    index.put(mesh("5s"));
    caSecrets().forEach(index::put);
    index.put(dataplane());
    Proxy proxy = connect();

    DiscoveryResponse sds = proxy.next(Resources.V3.SECRET_TYPE_URL, Duration.ofSeconds(10));
    Map<String, Secret> secrets = secrets(sds);
    assertThat(secrets).containsOnlyKeys(IDENTITY, CA);
    X509Certificate first = certificate(secrets);
    assertThat(first.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).contains("spiffe://default/web");
    first.verify(ca.certificate().getPublicKey());
    assertThat(secrets.get(CA).getValidationContext().getTrustedCa().getInlineBytes().toStringUtf8()).isEqualTo(ca.certificatePem());
    Map<String, String> versions = proxy.acceptedVersions();

    DiscoveryResponse renewed = proxy.next(Resources.V3.SECRET_TYPE_URL, Duration.ofSeconds(10));
    X509Certificate second = certificate(secrets(renewed));
    assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    assertThat(renewed.getVersionInfo()).isNotEqualTo(sds.getVersionInfo());
    // Nothing but SDS was pushed for the renewal.
    Thread.sleep(300);
    assertThat(proxy.received.stream().filter(r -> !r.getTypeUrl().equals(Resources.V3.SECRET_TYPE_URL))).isEmpty();
    Map<String, String> after = proxy.acceptedVersions();
    versions.remove(Resources.V3.SECRET_TYPE_URL);
    after.remove(Resources.V3.SECRET_TYPE_URL);
    assertThat(after).isEqualTo(versions);
  }

  @Test
  void withoutItsCaAProxyWaitsAndTheCaSecretArrivingServesIt() throws Exception {
    index.put(mesh(null));
    index.put(dataplane());
    Proxy proxy = connect();
    assertThat(proxy.poll(Duration.ofSeconds(2))).as("no config without a CA").isNull();

    for (Resource secret : caSecrets()) {
      index.put(secret);
      reconciler.changed(List.of(new Change(ResourceKind.SECRET, "default", secret.name(), null, secret)));
    }

    Map<String, Secret> secrets = secrets(proxy.next(Resources.V3.SECRET_TYPE_URL, Duration.ofSeconds(10)));
    assertThat(secrets).containsOnlyKeys(IDENTITY, CA);
    certificate(secrets).verify(ca.certificate().getPublicKey());
  }

  private Proxy connect() throws Exception {
    lifecycle.add(reconciler);
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(ads.adsService()).build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    Proxy proxy = new Proxy();
    proxy.requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(proxy);
    proxy.subscribe(Resources.V3.CLUSTER_TYPE_URL, List.of(), "", "");
    proxy.subscribe(Resources.V3.LISTENER_TYPE_URL, List.of(), "", "");
    proxy.subscribe(Resources.V3.SECRET_TYPE_URL, List.of(IDENTITY, CA), "", "");
    return proxy;
  }

  /** Envoy's side of the stream: ACKs every response with its version and nonce. */
  static final class Proxy implements StreamObserver<DiscoveryResponse> {
    final LinkedBlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
    final List<DiscoveryResponse> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, String> accepted = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, List<String>> names = new java.util.concurrent.ConcurrentHashMap<>();
    StreamObserver<DiscoveryRequest> requests;

    synchronized void subscribe(String type, List<String> resourceNames, String version, String nonce) {
      names.put(type, resourceNames);
      requests.onNext(DiscoveryRequest.newBuilder().setNode(Node.newBuilder().setId("default.web-1"))
          .setTypeUrl(type).addAllResourceNames(resourceNames).setVersionInfo(version).setResponseNonce(nonce).build());
    }

    @Override
    public void onNext(DiscoveryResponse r) {
      accepted.put(r.getTypeUrl(), r.getVersionInfo());
      received.add(r);
      subscribe(r.getTypeUrl(), names.getOrDefault(r.getTypeUrl(), List.of()), r.getVersionInfo(), r.getNonce());
      responses.add(r);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}

    DiscoveryResponse poll(Duration wait) throws InterruptedException {
      return responses.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next response of {@code type}; the others before it are kept in {@link #received} order. */
    DiscoveryResponse next(String type, Duration wait) throws InterruptedException {
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline) {
        DiscoveryResponse r = responses.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        if (r == null) break;
        if (r.getTypeUrl().equals(type)) return r;
      }
      throw new AssertionError("no " + type + " response within " + wait);
    }

    Map<String, String> acceptedVersions() {
      received.clear();
      return new java.util.HashMap<>(accepted);
    }
  }

  private static Map<String, Secret> secrets(DiscoveryResponse r) throws Exception {
    Map<String, Secret> out = new java.util.HashMap<>();
    for (var any : r.getResourcesList()) {
      Secret s = any.unpack(Secret.class);
      out.put(s.getName(), s);
    }
    return out;
  }

  private static X509Certificate certificate(Map<String, Secret> secrets) {
    return Pem.certificates(secrets.get(IDENTITY).getTlsCertificate().getCertificateChain().getInlineBytes().toStringUtf8()).get(0);
  }

  private static Resource mesh(String expiration) {
    String dpCert = expiration == null ? "" : "    dpCert:\n      rotation:\n        expiration: " + expiration + "\n";
    return ResourceCodec.decode("type: Mesh\nname: default\nmtls:\n  enabledBackend: ca-1\n  backends:\n"
        + "  - name: ca-1\n    type: builtin\n" + dpCert);
  }

  private List<Resource> caSecrets() {
    return List.of(secret("default.ca-builtin-cert-ca-1", ca.certificatePem()), secret("default.ca-builtin-key-ca-1", ca.keyPem()));
  }

  private static Resource secret(String name, String pem) {
    return ResourceCodec.decode("type: Secret\nmesh: default\nname: " + name + "\ndata: "
        + Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8)) + "\n");
  }

  private static Resource dataplane() {
    return ResourceCodec.decode("""
        type: Dataplane
        mesh: default
        name: web-1
        networking:
          address: 127.0.0.1
          inbound:
          - port: 8080
            tags:
              kuma.io/service: web
              kuma.io/protocol: http
          outbound:
          - port: 10001
            tags:
              kuma.io/service: api
        """);
  }
}
