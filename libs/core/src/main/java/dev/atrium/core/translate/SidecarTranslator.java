package dev.atrium.core.translate;

import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.snapshot.MeshSnapshot;

/**
 * A sidecar: an inbound listener in front of each of the application's ports, an outbound listener per
 * destination, and with transparent proxying the listeners of both redirect ports.
 */
final class SidecarTranslator {
  private SidecarTranslator() {}

  static ProxyIr translate(MeshSnapshot mesh, OtherMeshes others, Resource dataplane) {
    ProxyIrBuilder out = new ProxyIrBuilder(mesh.name(), dataplane.name(), ProxyKind.SIDECAR);
    out.mtls(MeshTls.of(mesh));
    DataplaneSpec.Networking networking = dataplane.specAs(DataplaneSpec.class).networking();
    if (networking != null) {
      TransparentProxy redirect = TransparentProxy.of(networking, true);
      InboundTranslator.translate(mesh, dataplane, networking, redirect, out);
      OutboundTranslator.translate(mesh, others, dataplane, networking, redirect, out);
      TransparentProxyTranslator.translate(mesh, redirect, out);
    }
    return out.build();
  }
}
