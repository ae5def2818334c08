package dev.atrium.metrics.wiring;

import dev.atrium.metrics.config.MetricsConfig;
import dev.atrium.metrics.model.ControlPlaneTarget;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured control-plane targets, parsed once at start-up: a wrong entry stops the service with
 * the setting and the entry named, rather than leaving Prometheus without the control plane unnoticed.
 */
@Startup
@ApplicationScoped
public class ControlPlaneTargets {
  static final String SETTING = "atrium.metrics.control-plane-targets (ATRIUM_METRICS_CONTROL_PLANE_TARGETS)";
  private final List<ControlPlaneTarget> targets;

  public ControlPlaneTargets(MetricsConfig config) {
    this.targets = parse(config.controlPlaneTargets().orElse(List.of()));
  }

  static List<ControlPlaneTarget> parse(List<String> entries) {
    List<ControlPlaneTarget> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      try {
        out.add(ControlPlaneTarget.parse(entries.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(SETTING + "[" + i + "]: " + e.getMessage(), e);
      }
    }
    return List.copyOf(out);
  }

  public List<ControlPlaneTarget> all() {
    return targets;
  }
}
