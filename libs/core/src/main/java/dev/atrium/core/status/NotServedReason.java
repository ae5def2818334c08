package dev.atrium.core.status;

import dev.atrium.core.model.DataSource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Protocol;
import dev.atrium.core.model.gateway.MeshGatewaySpec.TlsMode;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.translate.GatewayAttachments;
import dev.atrium.core.translate.GatewayAttachments.GatewayListener;
import java.util.List;
import java.util.Set;

/**
 * Why Envoy does not get a listener. Whether it does is decided by the translation
 * ({@link GatewayAttachments#served}); this only explains it, checking the translator's conditions in
 * the order the translator checks them.
 */
final class NotServedReason {
  private NotServedReason() {}

  private static final Set<Protocol> TRANSLATED = Set.of(Protocol.HTTP, Protocol.HTTPS, Protocol.TCP, Protocol.TLS);

  static String of(MeshSnapshot mesh, GatewayAttachments attachments, GatewayListener l) {
    Listener spec = l.listener();
    if (!attachments.translated(l)) return notTranslated(mesh, attachments, l);
    Protocol protocol = spec.protocol();
    if (protocol == Protocol.TCP) {
      return "no route attaches to a listener on port " + spec.port() + ": Envoy gets no TCP listener until one does";
    }
    if (protocol == Protocol.HTTPS || protocol == Protocol.TLS) {
      if (!attachments.firstForHostname(l)) {
        return "an earlier listener on port " + spec.port() + " has the same hostname " + spec.effectiveHostname()
            + "; only the first one is served";
      }
      if (spec.tls() == null) return "no tls section: a " + protocol + " listener needs one";
      boolean terminate = spec.tls().mode() != TlsMode.PASSTHROUGH;
      if (protocol == Protocol.HTTPS && !terminate) return "TLS mode PASSTHROUGH is not supported on HTTPS listeners";
      if (terminate && !attachments.certificatesServable(spec.tls().certificates())) {
        return certificates(mesh, attachments, spec.tls().certificates());
      }
      if (protocol == Protocol.TLS) {
        return "no MeshTCPRoute or MeshGatewayRoute tcp rule attaches to it: its connections would have nowhere to go";
      }
    }
    return "not in the configuration Envoy gets";
  }

  private static String notTranslated(MeshSnapshot mesh, GatewayAttachments attachments, GatewayListener l) {
    Listener spec = l.listener();
    if (spec.port() == null) return "no port";
    if (spec.isCrossMesh() && !mesh.mesh().specAs(dev.atrium.core.model.mesh.MeshSpec.class).mtlsEnabled()) {
      // Kuma's words; the listener is served as soon as the Mesh enables an mTLS backend.
      return "mTLS must be enabled for crossMesh-enabled MeshGateways";
    }
    if (!TRANSLATED.contains(spec.protocol())) return "protocol " + spec.protocol() + " is not supported yet";
    Protocol first = attachments.listeners().stream()
        .filter(o -> attachments.translated(o) && spec.port().equals(o.listener().port()))
        .map(o -> o.listener().protocol())
        .findFirst().orElse(null);
    if (first != null && first != spec.protocol()) {
      return "port " + spec.port() + " already serves " + first + ": the first listener on a port sets its protocol";
    }
    return "not in the configuration Envoy gets";
  }

  /** The first certificate that cannot be served, and why. */
  private static String certificates(MeshSnapshot mesh, GatewayAttachments attachments, List<DataSource> sources) {
    if (sources.isEmpty()) return "no certificates: a TLS-terminating listener needs one";
    for (DataSource source : sources) {
      if (attachments.certificatesServable(List.of(source))) continue;
      if (source.secret() != null && !source.secret().isEmpty()) {
        return mesh.get(ResourceKind.SECRET, source.secret()).isEmpty()
            ? "certificate Secret \"" + source.secret() + "\" not found in mesh \"" + mesh.name() + "\""
            : "certificate Secret \"" + source.secret() + "\" does not hold a PEM certificate chain and an RSA or ECDSA key";
      }
      if (source.file() != null && !source.file().isEmpty()) {
        return "certificate file \"" + source.file() + "\" cannot be served";
      }
      if (source.alternativesSet() == 0) return "a certificate source is empty";
      return "an inline certificate is not a PEM certificate chain and an RSA or ECDSA key";
    }
    // Each alone can be served, together they cannot: more than one certificate of a key type.
    return "the certificates cannot be served together";
  }
}
