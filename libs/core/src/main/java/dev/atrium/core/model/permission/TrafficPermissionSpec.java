package dev.atrium.core.model.permission;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.Selector;
import java.util.List;

/** Kuma's legacy permission: callers matching a {@code sources} selector may reach inbounds matching a {@code destinations} one. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TrafficPermissionSpec(List<Selector> sources, List<Selector> destinations) implements ResourceSpec {
  public TrafficPermissionSpec {
    sources = Collect.list(sources);
    destinations = Collect.list(destinations);
  }
}
