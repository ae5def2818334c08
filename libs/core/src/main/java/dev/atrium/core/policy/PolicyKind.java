package dev.atrium.core.policy;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;
import java.util.function.Function;

/**
 * How the shared resolver reads one targetRef policy kind: its spec type, its top-level targetRef and
 * its {@code to} and {@code from} entries with their {@code default} confs. Each connection policy
 * (MeshTimeout now; MeshRetry, MeshCircuitBreaker… later) declares one of these and gets matching and
 * merging ({@link ToConfs}, {@link FromConfs}) without writing any.
 *
 * @param <S> the spec type
 * @param <C> the type of an entry's {@code default}
 */
public record PolicyKind<S extends dev.atrium.core.model.ResourceSpec, C>(ResourceKind kind, Class<S> specType, Class<C> confType,
    Function<S, TargetRef> topLevel, Function<S, List<Targeted<C>>> to, Function<S, List<Targeted<C>>> from) {

  /** One {@code to} or {@code from} entry: the destinations or callers it names, and its conf. */
  public record Targeted<C>(TargetRef targetRef, C conf) {}

  public S spec(Resource policy) {
    return policy.specAs(specType);
  }

  public TargetRef topLevelOf(Resource policy) {
    return topLevel.apply(spec(policy));
  }
}
