package dev.atrium.core.validation;

import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Protocol;
import dev.atrium.core.model.gateway.MeshGatewaySpec.Tls;
import dev.atrium.core.model.gateway.MeshGatewaySpec.TlsMode;

/**
 * A builtin gateway's listeners (Kuma's gateway_validator.go with its messages), plus the
 * write-time certificate checks of {@link TlsCertificateValidator}.
 */
final class MeshGatewayValidator {
  private final TlsCertificateValidator certificates;

  MeshGatewayValidator(TlsCertificateValidator certificates) {
    this.certificates = certificates;
  }

  void validate(MeshGatewaySpec spec, String mesh, FieldPath root, Violations v) {
    // A cross-mesh gateway is reached by its VIP from other meshes; several selectors would make
    // it ambiguous which Dataplanes serve it.
    boolean crossMesh = spec.conf() != null && spec.conf().listeners().stream().anyMatch(Listener::isCrossMesh);
    TagRules.selectors(v, root.field("selectors"), spec.selectors(), crossMesh,
        TagRules.Options.AT_LEAST_ONE_WITH_SERVICE);
    TagRules.selector(v, root.field("tags"), spec.tags(), TagRules.Options.NO_DATAPLANE_PROPERTIES);

    FieldPath confPath = root.field("conf");
    if (spec.conf() == null) {
      v.add(confPath, "cannot be empty");
      return;
    }
    FieldPath listenersPath = confPath.field("listeners");
    if (spec.conf().listeners().isEmpty()) v.add(listenersPath, "cannot be empty");
    for (int i = 0; i < spec.conf().listeners().size(); i++) {
      listener(v, listenersPath.index(i), spec.conf().listeners().get(i), mesh);
    }
    ListenerPortConflicts.check(v, listenersPath, spec.conf().listeners());
  }

  private void listener(Violations v, FieldPath path, Listener l, String mesh) {
    // The hostname is optional: routes may carry it instead.
    if (l.hostname() != null && !l.hostname().isEmpty()) NetworkRules.gatewayHostname(v, path.field("hostname"), l.hostname());
    NetworkRules.port(v, path.field("port"), l.port());
    protocol(v, path, l);
    tls(v, path.field("tls"), l, mesh);
    TagRules.selector(v, path.field("tags"), l.tags(), TagRules.Options.NO_DATAPLANE_PROPERTIES);
  }

  private static void protocol(Violations v, FieldPath path, Listener l) {
    Protocol p = l.protocol();
    FieldPath protocolPath = path.field("protocol");
    if (p == null || p == Protocol.NONE) {
      v.add(protocolPath, "cannot be empty");
    } else if (p == Protocol.UDP) {
      v.add(protocolPath, "protocol type is not supported");
    } else if (l.isCrossMesh() && p != Protocol.HTTP) {
      // Cross-mesh traffic is carried over mesh mTLS with ALPN "kuma": only HTTP fits that tunnel.
      v.add(protocolPath, "protocol is not supported with crossMesh");
    } else if (p == Protocol.HTTPS && l.tls() == null) {
      v.add(path.field("tls"), "cannot be empty");
    }
  }

  private void tls(Violations v, FieldPath path, Listener l, String mesh) {
    Tls tls = l.tls();
    if (tls == null) return;
    if (l.isCrossMesh()) {
      // The mesh's own certificates secure a cross-mesh listener.
      if ((tls.mode() != null && tls.mode() != TlsMode.NONE) || !tls.certificates().isEmpty()) {
        v.add(path, "must be empty with crossMesh");
      }
      return;
    }
    FieldPath modePath = path.field("mode");
    if (tls.mode() == null || tls.mode() == TlsMode.NONE) {
      v.add(modePath, "cannot be empty");
    } else if (tls.mode() == TlsMode.PASSTHROUGH && l.protocol() != null && l.protocol() != Protocol.TLS
        && l.protocol() != Protocol.NONE) {
      // Passing TLS through untouched leaves nothing for an HTTP(S) or TCP listener to do.
      v.add(modePath, "mode is not supported on " + l.protocol() + " listeners");
    } else if (tls.mode() == TlsMode.TERMINATE) {
      FieldPath certsPath = path.field("certificates");
      int n = tls.certificates().size();
      if (n == 0) {
        v.add(certsPath, "cannot be empty in TLS termination mode");
      } else if (n > 2) {
        // One RSA and one ECDSA certificate at most: Envoy chooses by what the client supports.
        v.add(certsPath, "cannot have more than 2 certificates");
      } else {
        certificates.validate(v, certsPath, tls.certificates(), mesh);
      }
    }
  }
}
