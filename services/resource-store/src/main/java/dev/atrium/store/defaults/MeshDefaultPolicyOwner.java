package dev.atrium.store.defaults;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.policy.MeshDefaultPolicies;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Mesh's default policies ({@link MeshDefaultPolicies}: Kuma's {@code mesh-timeout-all-<mesh>},
 * {@code mesh-gateways-timeout-all-<mesh>}, {@code mesh-retry-all-<mesh>},
 * {@code mesh-circuit-breaker-all-<mesh>}) once, when the Mesh is created, as Kuma does. After that they
 * belong to the user: an edited one is never reset and a deleted one never comes back, because nothing
 * calls {@link #ensure} again for that Mesh (the store calls it for a Mesh it has just created, and the
 * Kubernetes watch for a Mesh without {@link #GENERATED_LABEL}, then sets the label). Replicas that race
 * are harmless: each policy is created only if absent.
 */
public final class MeshDefaultPolicyOwner {
  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(MeshDefaultPolicyOwner.class);

  /**
   * On a Kubernetes store, the label of a Mesh whose defaults were written (Kuma keeps the same flag as
   * an annotation of that name); a Mesh applied with kubectl lacks it until the store has written them.
   */
  public static final String GENERATED_LABEL = "k8s.kuma.io/mesh-defaults-generated";

  /** What the store offers this class: creating a policy that must not exist yet. */
  public interface Policies {
    /** Creates {@code policy}; false when one of that name exists already (e.g. another replica's). */
    boolean createIfAbsent(Resource policy);
  }

  private final Policies policies;
  private final String systemNamespace;

  /** {@code systemNamespace}: where the defaults go on a Kubernetes store; null for the database stores. */
  public MeshDefaultPolicyOwner(Policies policies, String systemNamespace) {
    this.policies = policies;
    this.systemNamespace = systemNamespace;
  }

  /** True on a Kubernetes store, where Meshes can be created without this service and carry {@link #GENERATED_LABEL}. */
  public boolean marksMeshes() {
    return systemNamespace != null;
  }

  /** Creates the defaults of {@code mesh} that its spec does not skip and that do not exist; returns their names. */
  public List<String> ensure(String mesh, MeshSpec spec) {
    List<String> made = new ArrayList<>();
    for (Resource policy : MeshDefaultPolicies.forMesh(mesh, spec.skipCreatingInitialPolicies(), systemNamespace)) {
      if (policies.createIfAbsent(policy)) made.add(policy.name());
    }
    if (!made.isEmpty()) LOG.infof("mesh %s: created the default policies %s", mesh, made);
    return made;
  }
}
