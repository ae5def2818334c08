package dev.atrium.core.model.accesslog;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.Selector;
import java.util.List;

/**
 * Kuma's legacy TrafficLog: proxies matching a {@code sources} selector log what they send to services
 * matching a {@code destinations} one, to the Mesh's logging backend named by {@code conf.backend}
 * (empty: the Mesh's {@code logging.defaultBackend}). Accepted for compatibility; MeshAccessLog is the
 * policy to use.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TrafficLogSpec(List<Selector> sources, List<Selector> destinations, Conf conf)
    implements dev.atrium.core.model.legacy.LegacyConnectionPolicy {
  public TrafficLogSpec {
    sources = Collect.list(sources);
    destinations = Collect.list(destinations);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Conf(String backend) {}
}
