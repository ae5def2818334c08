package dev.atrium.core.translate;

import dev.atrium.core.ir.ListenerIr.Binding;
import dev.atrium.core.model.dataplane.DataplaneSpec.Networking;
import dev.atrium.core.model.dataplane.DataplaneSpec.TransparentProxying;

/**
 * Which of a Dataplane's traffic iptables redirect to its Envoy ({@code networking.transparentProxying}),
 * as the listener translators need it: a redirected listener binds no port of its own, it gets its
 * connections from the redirect port's virtual listener ({@link TransparentProxyTranslator}).
 *
 * <p>A listener on a loopback address keeps its port: the redirect rules (Kuma's, and
 * {@code kuma-init}'s) never redirect traffic to 127.0.0.0/8, so the application reaches it directly.
 *
 * @param outboundPort where the application's outgoing TCP is redirected (null: not redirected)
 * @param inboundPort where the pod's incoming TCP is redirected (null: not redirected)
 */
record TransparentProxy(Integer outboundPort, Integer inboundPort) {
  static final TransparentProxy OFF = new TransparentProxy(null, null);

  /**
   * The Dataplane's redirection; {@code inboundRedirected} false for a delegated gateway, whose
   * incoming traffic goes to the gateway itself (its kuma-init redirects outbound traffic only).
   */
  static TransparentProxy of(Networking networking, boolean inboundRedirected) {
    TransparentProxying tp = networking.transparentProxying();
    if (tp == null) return OFF;
    return new TransparentProxy(port(tp.redirectPortOutbound()), inboundRedirected ? port(tp.redirectPortInbound()) : null);
  }

  Binding outboundBinding(String address) {
    return outboundPort != null && !isLoopback(address) ? Binding.FROM_VIRTUAL : Binding.BIND;
  }

  Binding inboundBinding(String address) {
    return inboundPort != null && !isLoopback(address) ? Binding.FROM_VIRTUAL : Binding.BIND;
  }

  /** Kuma's ports are uint32 with 0 for "not set". */
  private static Integer port(Integer p) {
    return p == null || p == 0 ? null : p;
  }

  private static boolean isLoopback(String address) {
    return address.startsWith("127.") || address.equals("::1");
  }
}
