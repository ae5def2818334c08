package dev.atrium.core.multizone;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a control plane is in a deployment: alone (Kuma's zone without a global, every kind written
 * here), the global one (policies, meshes, gateways and routes are written here and sent to the zones;
 * proxies are not), or a zone connected to a global (its proxies are written here; what global owns is
 * read-only).
 */
public enum ControlPlaneMode {
  STANDALONE, GLOBAL, ZONE;

  /** The configuration value: {@code standalone}, {@code global} or {@code zone}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the accepted values */
  public static ControlPlaneMode parse(String value) {
    return Arrays.stream(values()).filter(m -> m.value().equals(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("control plane mode \"" + value
            + "\" is not one of standalone, global, zone"));
  }
}
