package dev.atrium.core.model.proxypatch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * One change to a proxy's Envoy resources, in MeshProxyPatch's form and in the legacy ProxyTemplate's
 * (whose operations are written in lower camel case, {@code add}, {@code addFirst}): exactly one of the
 * five is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Modification(Mod cluster, Mod listener, Mod networkFilter, Mod httpFilter, Mod virtualHost) {

  /** Which Envoy resource or part a modification changes, with its field name in the spec. */
  public enum Target {
    CLUSTER("cluster"), LISTENER("listener"), NETWORK_FILTER("networkFilter"), HTTP_FILTER("httpFilter"),
    VIRTUAL_HOST("virtualHost");

    public final String field;

    Target(String field) {
      this.field = field;
    }
  }

  /** The targets set, in field order (a valid modification has exactly one). */
  @JsonIgnore
  public List<Target> targets() {
    List<Target> out = new ArrayList<>();
    if (cluster != null) out.add(Target.CLUSTER);
    if (listener != null) out.add(Target.LISTENER);
    if (networkFilter != null) out.add(Target.NETWORK_FILTER);
    if (httpFilter != null) out.add(Target.HTTP_FILTER);
    if (virtualHost != null) out.add(Target.VIRTUAL_HOST);
    return out;
  }

  /** The one target's modification (the first when several are set). */
  @JsonIgnore
  public Mod mod() {
    return switch (targets().isEmpty() ? Target.CLUSTER : targets().get(0)) {
      case CLUSTER -> cluster;
      case LISTENER -> listener;
      case NETWORK_FILTER -> networkFilter;
      case HTTP_FILTER -> httpFilter;
      case VIRTUAL_HOST -> virtualHost;
    };
  }

  /** The first target set; null when none is. */
  @JsonIgnore
  public Target target() {
    return targets().isEmpty() ? null : targets().get(0);
  }
}
