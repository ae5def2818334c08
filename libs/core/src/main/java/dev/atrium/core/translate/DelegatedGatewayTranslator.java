package dev.atrium.core.translate;

import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.snapshot.MeshSnapshot;

/**
 * A delegated gateway: the sidecar of an existing API gateway (Kong, an ingress controller). Incoming
 * traffic goes straight to the gateway process, which applies its own policy, so the proxy gets no
 * inbound listener at all — only the outbound listeners the gateway sends mesh traffic to, built
 * exactly like a sidecar's. With transparent proxying only the outbound redirect applies: what the
 * gateway sends anywhere goes through its Envoy, what it receives is never redirected.
 */
final class DelegatedGatewayTranslator {
  private DelegatedGatewayTranslator() {}

  static ProxyIr translate(MeshSnapshot mesh, OtherMeshes others, Resource dataplane) {
    ProxyIrBuilder out = new ProxyIrBuilder(mesh.name(), dataplane.name(), ProxyKind.DELEGATED_GATEWAY);
    out.mtls(MeshTls.of(mesh));
    DataplaneSpec.Networking networking = dataplane.specAs(DataplaneSpec.class).networking();
    if (networking != null) {
      TransparentProxy redirect = TransparentProxy.of(networking, false);
      OutboundTranslator.translate(mesh, others, dataplane, networking, redirect, out);
      TransparentProxyTranslator.translate(mesh, redirect, out);
    }
    return out.build();
  }
}
