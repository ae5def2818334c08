package dev.atrium.xds.insight;

import java.net.InetAddress;
import java.util.UUID;

/**
 * This process's identity in insights, built like Kuma's instanceId ({@code <hostname>-<4 hex>}): the
 * hostname says which machine or pod, the suffix tells a restarted server from its predecessor.
 */
public final class ControlPlaneInstance {
  private ControlPlaneInstance() {}

  private static final String ID = hostname() + "-" + UUID.randomUUID().toString().substring(0, 4);

  public static String id() {
    return ID;
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
