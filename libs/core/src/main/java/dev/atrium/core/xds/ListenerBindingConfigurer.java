package dev.atrium.core.xds;

import com.google.protobuf.BoolValue;
import dev.atrium.core.ir.ListenerIr.Binding;
import io.envoyproxy.envoy.config.listener.v3.Listener;

/**
 * How connections reach a listener when iptables redirect a pod's traffic to Envoy: the redirect
 * port's listener passes each connection on to the listener of its original destination
 * ({@code use_original_dst}), and those listeners bind nothing ({@code bind_to_port: false}). A
 * listener that binds its own port is left as Envoy's default.
 */
final class ListenerBindingConfigurer implements ListenerConfigurer {
  private final Binding binding;

  ListenerBindingConfigurer(Binding binding) {
    this.binding = binding;
  }

  @Override
  public void configure(Listener.Builder listener) {
    switch (binding) {
      case BIND -> { }
      case VIRTUAL -> listener.setUseOriginalDst(BoolValue.of(true));
      case FROM_VIRTUAL -> listener.setBindToPort(BoolValue.of(false));
    }
  }
}
