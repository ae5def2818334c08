package dev.atrium.core.translate;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ListenerIr.Binding;
import dev.atrium.core.ir.ListenerIr.Direction;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.snapshot.MeshSnapshot;

/**
 * The listeners of a transparent proxy's redirect ports (Kuma's TransparentProxyGenerator, IPv4):
 * iptables send the pod's outgoing TCP to {@code redirectPortOutbound} and its incoming TCP to
 * {@code redirectPortInbound}, Envoy's own uid exempt. Each port gets a virtual listener on 0.0.0.0
 * that hands every connection to the listener of the address:port it was really meant for (the
 * Dataplane's outbounds and inbounds, which then bind nothing), and keeps the rest:
 * <ul>
 *   <li>outbound: to {@code outbound:passthrough:ipv4}, an ORIGINAL_DST cluster, so destinations the
 *       mesh does not know are reached unchanged — unless the Mesh sets
 *       {@code networking.outbound.passthrough: false}: then the listener closes them, and there is no
 *       passthrough cluster;
 *   <li>inbound: to {@code inbound:passthrough:ipv4}, to the same address:port, from 127.0.0.6, so the
 *       application sees a local client (and, Envoy's uid aside, the connection is never redirected again).
 * </ul>
 */
final class TransparentProxyTranslator {
  private TransparentProxyTranslator() {}

  static void translate(MeshSnapshot mesh, TransparentProxy redirect, ProxyIrBuilder out) {
    if (redirect.outboundPort() != null) {
      String name = ProxyNames.OUTBOUND_PASSTHROUGH;
      ListenerIr listener;
      if (mesh.mesh().specAs(MeshSpec.class).outboundPassthrough()) {
        listener = ListenerIr.tcp(name, Direction.OUTBOUND, ProxyNames.ALL_IPV4, redirect.outboundPort(), null, name);
        out.addCluster(ClusterIr.originalDestination(name, null)
            .withOrigin(out.dataplaneOrigin("networking.transparentProxying.redirectPortOutbound")));
      } else {
        listener = ListenerIr.refusing(name, Direction.OUTBOUND, ProxyNames.ALL_IPV4, redirect.outboundPort());
      }
      out.addListener(listener.withBinding(Binding.VIRTUAL));
    }
    if (redirect.inboundPort() != null) {
      String name = ProxyNames.INBOUND_PASSTHROUGH;
      out.addListener(ListenerIr.tcp(name, Direction.INBOUND, ProxyNames.ALL_IPV4, redirect.inboundPort(), null, name)
          .withBinding(Binding.VIRTUAL));
      out.addCluster(ClusterIr.originalDestination(name, ProxyNames.INBOUND_PASSTHROUGH_SOURCE)
          .withOrigin(out.dataplaneOrigin("networking.transparentProxying.redirectPortInbound")));
    }
  }
}
