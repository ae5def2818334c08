package dev.atrium.core.translate;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ClusterIr.SocketAddressIr;
import dev.atrium.core.ir.ExternalTlsIr;
import dev.atrium.core.ir.ExternalTlsIr.Pem;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.model.DataSource;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.externalservice.ExternalServiceSpec;
import dev.atrium.core.model.externalservice.ExternalServiceSpec.Tls;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.core.policy.Origin;
import dev.atrium.core.policy.TrafficPermissions;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kuma's legacy ExternalServices as destinations: an outbound or a builtin gateway backend whose
 * kuma.io/service names one goes to its {@code networking.address} instead of mesh endpoints, over a
 * cluster holding that one host (STATIC for an IP, STRICT_DNS for a name the proxy resolves), plain or
 * with the TLS {@code networking.tls} describes — never mesh mTLS, the service is outside the mesh.
 *
 * <p>Kuma reaches an ExternalService only where a legacy TrafficPermission lets the proxy
 * ({@link TrafficPermissions#allowsExternalService}), with one exception at a builtin gateway: in a mesh
 * with no TrafficPermission at all, its backends reach ExternalServices unchecked (Kuma's gateway
 * cluster generator looks at permissions only when there are some). Otherwise, and when a TLS
 * DataSource names a Secret the mesh lacks, the destination stays an ordinary service with no
 * endpoints (Kuma drops the endpoint the same way). When several ExternalServices match, the first by
 * name is used (Kuma balances over all of them).
 */
final class ExternalServices {
  private ExternalServices() {}

  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

  /** A reachable ExternalService as {@code service}'s destination: its cluster and its protocol. */
  record Destination(ClusterIr cluster, Protocol protocol) {}

  /** The destination of an outbound to {@code service} when an ExternalService {@code dataplane} may reach is named so. */
  static Optional<Destination> outbound(MeshSnapshot mesh, Resource dataplane, String service, String clusterName,
      Origin origin) {
    return destination(mesh, dataplane, Map.of(KumaTags.SERVICE, service), clusterName, false, origin);
  }

  /**
   * The destination of a builtin gateway backend whose tags {@code selector} (kuma.io/service and any
   * subset tags) an ExternalService carries.
   */
  static Optional<Destination> gatewayBackend(MeshSnapshot mesh, Resource dataplane, Map<String, String> selector,
      String clusterName, Origin origin) {
    return destination(mesh, dataplane, selector, clusterName, true, origin);
  }

  private static Optional<Destination> destination(MeshSnapshot mesh, Resource dataplane, Map<String, String> selector,
      String clusterName, boolean builtinGateway, Origin origin) {
    Optional<Resource> found = mesh.all(ResourceKind.EXTERNAL_SERVICE).stream()
        .filter(r -> selector.entrySet().stream().allMatch(t -> t.getValue().equals(spec(r).tags().get(t.getKey()))))
        .min(Comparator.comparing(Resource::name));
    if (found.isEmpty()) return Optional.empty();
    ExternalServiceSpec spec = spec(found.get());
    String service = spec.service();
    if (spec.networking() == null || spec.networking().address() == null) return Optional.empty();
    boolean unchecked = builtinGateway && mesh.all(ResourceKind.TRAFFIC_PERMISSION).isEmpty();
    if (!unchecked && !TrafficPermissions.allowsExternalService(mesh, dataplane, spec.tags())) return Optional.empty();
    Protocol protocol = ProtocolInference.ofTag(spec.tags().get("kuma.io/protocol"));
    SocketAddressIr address = address(spec.networking().address());
    if (address == null) return Optional.empty();
    Tls tls = spec.networking().tls();
    ExternalTlsIr tlsIr = null;
    if (tls != null && tls.isEnabled()) {
      Optional<ExternalTlsIr> resolved = tls(tls, address.address(), mesh);
      if (resolved.isEmpty()) return Optional.empty();
      tlsIr = resolved.get();
    }
    return Optional.of(new Destination(ClusterIr.external(clusterName, service, address, !isIp(address.address()),
        protocol == Protocol.HTTP, tlsIr, origin), protocol));
  }

  /**
   * Kuma's UpstreamTlsContextOutsideMesh: SNI = serverName, else the host when it is a DNS name; with a
   * CA the server certificate must carry the SNI (else the host) as a DNS or IP SAN, unless
   * skipHostnameVerification.
   */
  private static Optional<ExternalTlsIr> tls(Tls tls, String host, MeshSnapshot mesh) {
    String sni = tls.serverName() != null && !tls.serverName().isEmpty() ? tls.serverName() : isIp(host) ? null : host;
    Optional<Pem> ca = pem(tls.caCert(), mesh);
    Optional<Pem> cert = pem(tls.clientCert(), mesh);
    Optional<Pem> key = pem(tls.clientKey(), mesh);
    if (ca == null || cert == null || key == null) return Optional.empty();
    boolean bothClientParts = cert.isPresent() && key.isPresent();
    String verify = ca.isPresent() && !Boolean.TRUE.equals(tls.skipHostnameVerification()) ? (sni != null ? sni : host) : null;
    return Optional.of(new ExternalTlsIr(sni, ca.orElse(null), bothClientParts ? cert.get() : null,
        bothClientParts ? key.get() : null, Boolean.TRUE.equals(tls.allowRenegotiation()), verify));
  }

  /** The PEM of a DataSource: empty when there is none; null when it names a Secret the mesh lacks. */
  @SuppressWarnings("OptionalAssignedToNull")
  private static Optional<Pem> pem(DataSource source, MeshSnapshot mesh) {
    if (source == null) return Optional.empty();
    if (source.secret() != null && !source.secret().isEmpty()) {
      Optional<Resource> secret = mesh.get(ResourceKind.SECRET, source.secret());
      if (secret.isEmpty() || secret.get().specAs(SecretSpec.class).data() == null) return null;
      return Optional.of(Pem.inline(new String(secret.get().specAs(SecretSpec.class).data(), StandardCharsets.UTF_8)));
    }
    if (source.inline() != null && source.inline().length > 0) {
      return Optional.of(Pem.inline(new String(source.inline(), StandardCharsets.UTF_8)));
    }
    if (source.inlineString() != null && !source.inlineString().isEmpty()) return Optional.of(Pem.inline(source.inlineString()));
    // Read by the proxy's Envoy on its machine, as for a gateway listener's certificate file.
    if (source.file() != null && !source.file().isEmpty()) return Optional.of(Pem.file(source.file()));
    return Optional.empty();
  }

  /** {@code host:port} ({@code [v6]:port}) as validated; null when it does not split. */
  private static SocketAddressIr address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) return null;
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    try {
      return new SocketAddressIr(host, Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isIp(String host) {
    return IPV4.matcher(host).matches() || host.indexOf(':') >= 0;
  }

  private static ExternalServiceSpec spec(Resource r) {
    return r.specAs(ExternalServiceSpec.class);
  }
}
