package dev.atrium.core.translate;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ClusterIr.SocketAddressIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ListenerIr.Direction;
import dev.atrium.core.ir.Protocol;
import dev.atrium.core.model.dataplane.DataplaneSpec.Inbound;
import dev.atrium.core.model.dataplane.DataplaneSpec.Networking;
import dev.atrium.core.model.Resource;
import dev.atrium.core.policy.InboundPermissions;
import dev.atrium.core.policy.TrafficPermissions;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;

/**
 * Inbounds: for each {@code networking.inbound}, a listener on the Dataplane's address (or the
 * inbound's own) and inbound port, passing traffic to the application at serviceAddress:servicePort
 * through a static cluster. An inbound in state Ignored gets no listener: Kuma leaves it out on purpose.
 * When iptables redirect the pod's incoming traffic, the listeners bind nothing and get their
 * connections from the inbound redirect port ({@link TransparentProxy}).
 *
 * <p>When the mesh has mTLS on, each listener takes mesh TLS ({@link MeshTls#inbound}) and lets through
 * only the callers its traffic permissions allow ({@link InboundRbac}; none → nobody).
 */
final class InboundTranslator {
  private InboundTranslator() {}

  static void translate(MeshSnapshot mesh, Resource dataplane, Networking networking, TransparentProxy redirect,
      ProxyIrBuilder out) {
    for (Inbound inbound : networking.inbound()) {
      if (inbound.port() == null || inbound.state() == Inbound.State.Ignored) continue;
      String bindAddress = notEmpty(inbound.address()) ? inbound.address() : networking.address();
      if (!notEmpty(bindAddress)) continue;
      int port = inbound.port();
      String appAddress = notEmpty(inbound.serviceAddress()) ? inbound.serviceAddress() : ProxyNames.DEFAULT_SERVICE_ADDRESS;
      int appPort = inbound.servicePort() != null && inbound.servicePort() != 0 ? inbound.servicePort() : port;
      String service = inbound.tags().get(KumaTags.SERVICE);
      Protocol protocol = ProtocolInference.ofTag(inbound.tags().get(KumaTags.PROTOCOL));

      String name = ProxyNames.inboundListener(bindAddress, port);
      String cluster = ProxyNames.localCluster(appAddress, appPort);
      ListenerIr listener = protocol == Protocol.HTTP
          ? ListenerIr.http(name, Direction.INBOUND, bindAddress, port, service,
              RouteTables.allTo(name, service == null ? cluster : service, cluster))
          : ListenerIr.tcp(name, Direction.INBOUND, bindAddress, port, service, cluster);
      if (out.mtls() != null) {
        InboundPermissions permissions = TrafficPermissions.forInbound(mesh, dataplane, inbound.tags());
        listener = listener.withMeshTls(MeshTls.inbound(out.mtls(), cluster, InboundRbac.of(mesh.name(), permissions)));
      }
      if (out.addListener(listener.withBinding(redirect.inboundBinding(bindAddress)))) {
        out.addCluster(ClusterIr.local(cluster, new SocketAddressIr(appAddress, appPort), protocol == Protocol.HTTP));
      }
    }
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
