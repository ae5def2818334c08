package dev.atrium.core.model.legacy;

import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.Selector;
import java.util.List;

/**
 * Kuma's legacy connection policies (Timeout, Retry, CircuitBreaker, RateLimit, FaultInjection): a
 * {@code sources}/{@code destinations} pair of tag selectors and one {@code conf}. Kuma 2.x still
 * accepts and applies them; Kuma 3.0 removes them in favour of the Mesh* kinds.
 */
public interface LegacyConnectionPolicy extends ResourceSpec {
  List<Selector> sources();

  List<Selector> destinations();
}
