package dev.atrium.dp.bootstrap;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.dp.AgentLog;

/**
 * Envoy's admin port, sent in the bootstrap request: {@code --admin-port}, else the Dataplane's
 * {@code networking.admin.port}, else Kuma's 9901. Tests run several Envoys on one machine and give
 * each its own.
 */
public final class AdminPort {
  public static final int DEFAULT = 9901;

  private AdminPort() {}

  public static int choose(Integer option, Resource dataplane) {
    Integer fromDataplane = fromDataplane(dataplane);
    if (option != null) {
      if (fromDataplane != null && !fromDataplane.equals(option)) {
        // The xds-server, like Kuma, lets the resource win; say so instead of leaving a puzzle.
        AgentLog.warn("--admin-port " + option + " differs from the Dataplane's networking.admin.port " + fromDataplane
            + "; the control plane uses the Dataplane's");
      }
      return option;
    }
    return fromDataplane != null ? fromDataplane : DEFAULT;
  }

  private static Integer fromDataplane(Resource dataplane) {
    if (dataplane == null) return null;
    DataplaneSpec.Networking networking = dataplane.specAs(DataplaneSpec.class).networking();
    if (networking == null || networking.admin() == null) return null;
    return networking.admin().port();
  }
}
