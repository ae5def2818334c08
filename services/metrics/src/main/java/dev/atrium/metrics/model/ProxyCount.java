package dev.atrium.metrics.model;

/**
 * How many proxies of one service are online or offline. A proxy that offers several services counts
 * under each (Kuma's ServiceInsight counts the same way).
 *
 * @param online true: some subscription of its DataplaneInsight is connected and has no disconnect
 *     time; false: disconnected, or never connected (no insight)
 */
public record ProxyCount(String mesh, String service, GatewayType gatewayType, boolean online, int count) {
  public String status() {
    return online ? "online" : "offline";
  }
}
