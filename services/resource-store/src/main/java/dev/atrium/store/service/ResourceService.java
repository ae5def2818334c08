package dev.atrium.store.service;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.SecretLookup;
import dev.atrium.core.validation.Validator;
import dev.atrium.core.validation.Violation;
import dev.atrium.security.tls.CertificateIssuer;
import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.StoreBackend;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.StoredResource;
import dev.atrium.store.backend.WriteResult;
import dev.atrium.store.ca.BuiltinCertificateAuthorities;
import dev.atrium.core.multizone.ControlPlaneMode;
import dev.atrium.store.config.StoreConfig;
import dev.atrium.store.defaults.MeshDefaultPolicyOwner;
import dev.atrium.store.metrics.OperationMeters;
import dev.atrium.store.metrics.StoreOperation;
import dev.atrium.store.tokens.MeshSigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of writing resources, shared by the REST and gRPC fronts: the mesh must exist, the
 * resource must validate, also against the version it replaces (nothing invalid is ever stored, so a
 * bad write never replaces a good one), a Mesh's builtin CAs exist before the Mesh is stored, server labels (and a Dataplane's kuma.io/zone tags, {@link ZoneTags}) are applied, and a Mesh with
 * Dataplanes cannot be deleted. Blocking: call it from
 * worker threads. Each public operation is timed by {@link OperationMeters}, here rather than in the
 * fronts so that REST and gRPC are measured alike.
 */
@ApplicationScoped
public class ResourceService {
  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ResourceService.class);
  private final StoreBackend backend;
  private final Validator validator;
  private final String zone;
  private final ControlPlaneMode mode;
  private final OperationMeters meters;
  private final MeshSigningKeys signingKeys;
  private final BuiltinCertificateAuthorities certificateAuthorities;
  private final MeshDefaultPolicyOwner defaultPolicies;

  public ResourceService(StoreBackend backend, StoreConfig config, OperationMeters meters) {
    this.backend = backend;
    this.zone = config.zone();
    this.mode = config.mode();
    this.meters = meters;
    this.validator = new Validator(secretLookup(backend));
    OwnedSecrets owned = new OwnedSecrets();
    this.signingKeys = new MeshSigningKeys(owned);
    this.certificateAuthorities = new BuiltinCertificateAuthorities(owned, CertificateIssuer.systemClock());
    this.defaultPolicies = new MeshDefaultPolicyOwner(this::createIfAbsent,
        config.backend() == StoreConfig.Backend.kubernetes ? config.kubernetes().systemNamespace() : null);
  }

  /** Every mesh's dataplane-token signing keys (created with the Mesh, see {@link #put}). */
  public MeshSigningKeys signingKeys() {
    return signingKeys;
  }

  /** Validates and stores {@code r}; {@code expectedVersion} as in {@link StoreBackend#put}. */
  public WriteOutcome put(Resource r, long expectedVersion) {
    return meters.time(StoreOperation.PUT, r.kind(), () -> write(r, expectedVersion));
  }

  public Optional<Resource> get(ResourceKind kind, String mesh, String name) {
    return meters.time(StoreOperation.GET, kind, () -> find(kind, mesh, name));
  }

  public Resource getOrThrow(ResourceKind kind, String mesh, String name) {
    return meters.time(StoreOperation.GET, kind, () -> find(kind, mesh, name).orElseThrow(() -> notFound(kind, mesh, name)));
  }

  /** Resources of a kind sorted by (mesh, name); {@code mesh} null lists every mesh. */
  public List<Resource> list(ResourceKind kind, String mesh) {
    return meters.time(StoreOperation.LIST, kind, () -> listOf(kind, mesh));
  }

  /** Deletes a resource (a Mesh with everything in it); returns what was removed. */
  public List<StoreEvent> delete(ResourceKind kind, String mesh, String name, long expectedVersion) {
    return meters.time(StoreOperation.DELETE, kind, () -> remove(kind, mesh, name, expectedVersion));
  }

  private WriteOutcome write(Resource given, long expectedVersion) {
    // Validate before looking the mesh up: an invalid body gets every violation, not just a 404. The
    // version it replaces is read first, for the rules about changes (a Mesh's CA cannot be swapped).
    ResourceKey key = StoredResources.keyOf(given);
    Optional<StoredResource> existing = backend.get(key);
    List<Violation> violations = validator.validateUpdate(existing.map(StoredResources::toResource).orElse(null), given);
    if (!violations.isEmpty()) throw new InvalidResourceException(violations);
    // Global is no zone: a zone's Dataplane keeps the kuma.io/zone tags its zone gave it.
    Resource r = mode == ControlPlaneMode.GLOBAL ? given : ZoneTags.apply(given, zone);
    if (r.kind().isMeshScoped()) requireMesh(r.mesh());
    boolean insight = InsightOwnership.isOwned(r.kind());
    if (insight) InsightOwnership.requireOwner(backend, r);
    // Kuma's ZoneInsight is owned by its Zone: none without it (deleted with it, see remove).
    if (r.kind() == ResourceKind.ZONE_INSIGHT && backend.get(StoredResources.keyOf(ResourceKind.ZONE, null, r.name())).isEmpty()) {
      throw new ResourceNotFoundException("Zone \"" + r.name() + "\" not found: a ZoneInsight exists only beside its Zone", false);
    }
    Map<String, String> labels = ServerLabels.compute(r, zone, mode);
    existing.ifPresent(old -> keepImmutableLabels(old.labels(), labels));
    if (r.kind() == ResourceKind.MESH) markDefaultsGenerated(existing, labels);
    // Kuma makes a builtin CA before it stores the Mesh that needs it: proxies of a mesh with mTLS on
    // never meet a mesh without its CA, and a CA that cannot be written fails the write.
    if (r.kind() == ResourceKind.MESH && ownsMeshState()) certificateAuthorities.ensure(r.name(), r.specAs(MeshSpec.class));
    WriteResult result = backend.put(key, labels, dev.atrium.core.codec.ResourceCodec.encodeSpec(r.spec()), expectedVersion);
    if (insight) InsightOwnership.undoIfOrphaned(backend, r);
    // Kuma creates a mesh's signing key with the Mesh, whichever API created it.
    if (r.kind() == ResourceKind.MESH && result.created() && ownsMeshState()) ensureSigningKey(r.name());
    // Kuma's default policies come with a new Mesh; the write reports success only once they exist
    // (a failure here fails the request, and the Mesh stays: the caller sees a 5xx and may retry).
    if (r.kind() == ResourceKind.MESH && result.created() && ownsMeshState()) defaultPolicies.ensure(r.name(), r.specAs(MeshSpec.class));
    return new WriteOutcome(StoredResources.toResource(result.resource()), result.created());
  }

  /**
   * Whether this control plane makes what comes with a Mesh — its builtin CA, token signing key and
   * default policies. A zone connected to a global does not: global makes them once and they reach the
   * zone with the Mesh (Kuma 2.14 syncs the CA and signing-key Secrets and the default policies), so
   * every zone trusts the same CA.
   */
  private boolean ownsMeshState() {
    return mode != ControlPlaneMode.ZONE;
  }

  private Optional<Resource> find(ResourceKind kind, String mesh, String name) {
    if (kind.isMeshScoped()) requireMesh(mesh);
    return backend.get(StoredResources.keyOf(kind, mesh, name)).map(StoredResources::toResource);
  }

  private List<Resource> listOf(ResourceKind kind, String mesh) {
    if (kind.isMeshScoped() && mesh != null) requireMesh(mesh);
    List<Resource> out = new ArrayList<>();
    for (StoredResource s : backend.list(kind.typeName(), kind.isMeshScoped() ? mesh : null)) {
      out.add(StoredResources.toResource(s));
    }
    return out;
  }

  private List<StoreEvent> remove(ResourceKind kind, String mesh, String name, long expectedVersion) {
    if (kind.isMeshScoped()) requireMesh(mesh);
    if (kind == ResourceKind.MESH && !backend.list(ResourceKind.DATAPLANE.typeName(), name).isEmpty()) {
      throw new InvalidResourceException("mesh", "unable to delete mesh, there are still some dataplanes attached");
    }
    List<StoreEvent> deleted = backend.delete(StoredResources.keyOf(kind, mesh, name), expectedVersion);
    if (deleted.isEmpty()) throw notFound(kind, mesh, name);
    // A proxy's status goes with it (Kuma's owner reference); gRPC callers see both keys deleted.
    if (InsightOwnership.insightOf(kind).isPresent()) return InsightOwnership.withInsightOf(backend, deleted, kind, mesh, name);
    // A Zone deleted on global takes its record along; a zone still connected writes both again on its next pass.
    if (kind == ResourceKind.ZONE) {
      List<StoreEvent> out = new ArrayList<>(deleted);
      out.addAll(backend.delete(StoredResources.keyOf(ResourceKind.ZONE_INSIGHT, null, name), StoreBackend.ANY_VERSION));
      return out;
    }
    return deleted;
  }

  /**
   * A zone's own Zone, as Kuma's zone control plane keeps it locally: {@code zone} exists, no other Zone
   * does (a renamed zone leaves none behind). Returns whether anything changed.
   */
  public boolean ensureOnlyZone(String zone) {
    boolean changed = false;
    for (StoredResource z : backend.list(ResourceKind.ZONE.typeName(), null)) {
      if (!z.key().name().equals(zone)) {
        remove(ResourceKind.ZONE, null, z.key().name(), StoreBackend.ANY_VERSION);
        changed = true;
      }
    }
    try {
      backend.put(StoredResources.keyOf(ResourceKind.ZONE, null, zone), Map.of(),
          dev.atrium.core.codec.ResourceCodec.encodeSpec(dev.atrium.core.model.zone.ZoneSpec.enabledZone()),
          StoreBackend.MUST_NOT_EXIST);
      changed = true;
    } catch (dev.atrium.store.backend.VersionConflictException exists) {
      // already there (or another replica made it)
    }
    return changed;
  }

  /**
   * Creates the "default" mesh unless it exists, with its default policies; safe when several replicas
   * start at once (only the one that creates the Mesh writes them).
   */
  public void ensureDefaultMesh() {
    ResourceKey key = new ResourceKey(ResourceKind.MESH.typeName(), "", "default");
    if (backend.get(key).isPresent()) return;
    WriteResult created;
    try {
      created = backend.put(key, Map.of(), dev.atrium.core.codec.ResourceCodec.encodeSpec(MeshSpec.empty()), StoreBackend.MUST_NOT_EXIST);
    } catch (dev.atrium.store.backend.VersionConflictException raced) {
      return; // Another replica created it first: that is the desired outcome, and it writes the defaults.
    }
    // Kubernetes: as for a kubectl-applied Mesh, so that a failure (a missing CRD) is logged and retried
    // at the next start instead of failing this one.
    if (defaultPolicies.marksMeshes()) ensureDefaultPolicies(created.resource());
    else defaultPolicies.ensure(key.name(), MeshSpec.empty());
  }

  /**
   * Kubernetes store: a Mesh this service creates is labelled as having its defaults (it writes them
   * right after storing it), and an update keeps the label, so the watch never writes them again.
   */
  private void markDefaultsGenerated(Optional<StoredResource> existing, Map<String, String> labels) {
    if (!defaultPolicies.marksMeshes()) return;
    boolean had = existing.map(old -> old.labels().containsKey(MeshDefaultPolicyOwner.GENERATED_LABEL)).orElse(true);
    if (had) labels.put(MeshDefaultPolicyOwner.GENERATED_LABEL, "true");
  }

  /**
   * Kubernetes store: writes the default policies of every Mesh without {@link
   * MeshDefaultPolicyOwner#GENERATED_LABEL} (applied with kubectl, also while the store was down) and
   * labels it; returns the meshes that were processed.
   */
  public List<String> ensureDefaultPolicies() {
    List<String> done = new ArrayList<>();
    if (!defaultPolicies.marksMeshes()) return done;
    for (StoredResource mesh : backend.list(ResourceKind.MESH.typeName(), null)) {
      if (ensureDefaultPolicies(mesh)) done.add(mesh.key().name());
    }
    return done;
  }

  /**
   * Kubernetes store, a Mesh seen by the watch: unless it carries {@link
   * MeshDefaultPolicyOwner#GENERATED_LABEL}, writes its defaults, then sets the label (only on the
   * version seen, so a concurrent change is not overwritten; the next event tries again, and the
   * policies already written are kept). True when this call labelled it. Failures are logged.
   */
  public boolean ensureDefaultPolicies(StoredResource mesh) {
    if (!defaultPolicies.marksMeshes() || mesh.labels().containsKey(MeshDefaultPolicyOwner.GENERATED_LABEL)) return false;
    try {
      defaultPolicies.ensure(mesh.key().name(), StoredResources.toResource(mesh).specAs(MeshSpec.class));
      Map<String, String> labels = new java.util.TreeMap<>(mesh.labels());
      labels.put(MeshDefaultPolicyOwner.GENERATED_LABEL, "true");
      backend.put(mesh.key(), labels, mesh.json(), mesh.version());
      return true;
    } catch (dev.atrium.store.backend.VersionConflictException changed) {
      return false;
    } catch (RuntimeException e) {
      LOG.warnf("could not create the default policies of mesh %s: %s", mesh.key().name(), e.getMessage());
      return false;
    }
  }

  /** A default policy, below validation and metering; false when it exists (another replica's, or the user's). */
  private boolean createIfAbsent(Resource policy) {
    try {
      backend.put(StoredResources.keyOf(policy), ServerLabels.compute(policy, zone, mode),
          dev.atrium.core.codec.ResourceCodec.encodeSpec(policy.spec()), StoreBackend.MUST_NOT_EXIST);
      return true;
    } catch (dev.atrium.store.backend.VersionConflictException raced) {
      return false;
    }
  }

  /**
   * Gives every mesh without a dataplane-token signing key its first one (meshes stored before Atrium
   * issued tokens, or written to Kubernetes directly); returns the meshes that got one.
   */
  public List<String> ensureSigningKeys() {
    List<String> created = new ArrayList<>();
    for (StoredResource mesh : backend.list(ResourceKind.MESH.typeName(), null)) {
      if (ensureSigningKey(mesh.key().name())) created.add(mesh.key().name());
    }
    return created;
  }

  /**
   * Gives every builtin mTLS backend without a CA its CA (meshes written to Kubernetes directly, or
   * whose CA Secrets were deleted); returns the meshes that got one.
   */
  public List<String> ensureCertificateAuthorities() {
    List<String> created = new ArrayList<>();
    for (StoredResource mesh : backend.list(ResourceKind.MESH.typeName(), null)) {
      if (ensureCertificateAuthorities(StoredResources.toResource(mesh))) created.add(mesh.key().name());
    }
    return created;
  }

  /**
   * Gives {@code mesh}'s builtin backends their CA unless they have one; true when one was made. For
   * Meshes that reach the store without this service (kubectl apply on the Kubernetes backend): the
   * failure is logged and the next change or start-up tries again.
   */
  public boolean ensureCertificateAuthorities(Resource mesh) {
    try {
      return !certificateAuthorities.ensure(mesh.name(), mesh.specAs(MeshSpec.class)).isEmpty();
    } catch (RuntimeException e) {
      LOG.warnf("could not create the builtin CA of mesh %s: %s", mesh.name(), e.getMessage());
      return false;
    }
  }

  /**
   * The Mesh stands whether or not its key could be written (e.g. a Kubernetes system namespace that
   * does not exist yet): the failure is logged, and the next start-up tries again.
   */
  private boolean ensureSigningKey(String mesh) {
    try {
      return signingKeys.ensure(mesh);
    } catch (RuntimeException e) {
      LOG.warnf("could not create the dataplane-token signing key of mesh %s: %s", mesh, e.getMessage());
      return false;
    }
  }

  /**
   * The store's side of {@link MeshSigningKeys} and {@link BuiltinCertificateAuthorities}: Secrets read
   * and created below validation and metering.
   */
  private final class OwnedSecrets implements MeshSigningKeys.Secrets, BuiltinCertificateAuthorities.Secrets {
    @Override
    public java.util.Set<String> namesInMesh(String mesh) {
      return backend.list(ResourceKind.SECRET.typeName(), mesh).stream().map(s -> s.key().name())
          .collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public List<Resource> inMesh(String mesh) {
      // No mesh check: a mesh that does not exist simply has no key (Kuma's "Signing Key not found").
      return backend.list(ResourceKind.SECRET.typeName(), mesh).stream().map(StoredResources::toResource).toList();
    }

    @Override
    public boolean createIfAbsent(Resource secret) {
      try {
        backend.put(StoredResources.keyOf(secret), ServerLabels.compute(secret, zone, mode),
            dev.atrium.core.codec.ResourceCodec.encodeSpec(secret.spec()), StoreBackend.MUST_NOT_EXIST);
        return true;
      } catch (dev.atrium.store.backend.VersionConflictException raced) {
        return false; // another replica (or an operator) wrote it first
      }
    }
  }

  /** Throws 404-style ResourceNotFoundException unless the mesh exists. */
  public void requireMesh(String mesh) {
    if (mesh == null || mesh.isEmpty() || backend.get(new ResourceKey(ResourceKind.MESH.typeName(), "", mesh)).isEmpty()) {
      throw new ResourceNotFoundException("mesh \"" + mesh + "\" does not exist", true);
    }
  }

  private static ResourceNotFoundException notFound(ResourceKind kind, String mesh, String name) {
    return new ResourceNotFoundException(kind.typeName() + " \"" + name + "\" not found"
        + (kind.isMeshScoped() ? " in mesh \"" + mesh + "\"" : ""), false);
  }

  private static void keepImmutableLabels(Map<String, String> old, Map<String, String> updated) {
    for (String label : ServerLabels.IMMUTABLE) {
      String before = old.get(label);
      String after = updated.get(label);
      if (before != null && after != null && !before.equals(after)) {
        throw new InvalidResourceException("labels[\"" + label + "\"]", "cannot be changed (was \"" + before + "\")");
      }
    }
  }

  private static SecretLookup secretLookup(StoreBackend backend) {
    return (mesh, name) -> backend.get(new ResourceKey(ResourceKind.SECRET.typeName(), mesh, name))
        .map(s -> ((SecretSpec) StoredResources.toResource(s).spec()).data());
  }

  /** The stored resource and whether this write created it. */
  public record WriteOutcome(Resource resource, boolean created) {}
}
