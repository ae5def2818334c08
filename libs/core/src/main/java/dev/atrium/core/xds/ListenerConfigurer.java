package dev.atrium.core.xds;

import io.envoyproxy.envoy.config.listener.v3.Listener;

/** Sets one aspect of a listener (its network filter chain, say); generators apply them in order. */
@FunctionalInterface
interface ListenerConfigurer {
  void configure(Listener.Builder listener);
}
