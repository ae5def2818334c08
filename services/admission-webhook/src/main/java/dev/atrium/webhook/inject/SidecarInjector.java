package dev.atrium.webhook.inject;

import static dev.atrium.webhook.metadata.KumaMetadata.DEFAULT_CONTAINER;
import static dev.atrium.webhook.metadata.KumaMetadata.ENVOY_ADMIN_PORT;
import static dev.atrium.webhook.metadata.KumaMetadata.INBOUND_PORT;
import static dev.atrium.webhook.metadata.KumaMetadata.MESH;
import static dev.atrium.webhook.metadata.KumaMetadata.OUTBOUND_PORT;
import static dev.atrium.webhook.metadata.KumaMetadata.SIDECAR_INJECTED;
import static dev.atrium.webhook.metadata.KumaMetadata.SIDECAR_UID;
import static dev.atrium.webhook.metadata.KumaMetadata.TRANSPARENT_PROXYING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.webhook.admission.Verdict;
import dev.atrium.webhook.mesh.MeshDirectory;
import dev.atrium.webhook.metadata.KumaMetadata;
import dev.atrium.webhook.metadata.NamespaceInfo;
import dev.atrium.webhook.patch.JsonPatch;
import java.util.Optional;

/**
 * Pod CREATE: decides whether a Pod gets the sidecar and writes the JSON Patch that adds it. The
 * steps, in order: {@link PodFacts#read} (already injected? wanted? which mesh? gateway?), the mesh
 * must exist, the service-account token's volume ({@link ServiceAccountTokenMount}), then the patch
 * (annotations, label, volumes, the redirection init container, the sidecar). Pure apart from the mesh lookup and telling its {@link Listener} (the metrics) about each
 * injection; safe to share between threads.
 */
public final class SidecarInjector {
  static final String ANNOTATIONS = "/metadata/annotations";
  static final String LABELS = "/metadata/labels";

  /** Told about each Pod that gets a patch adding the sidecar, not about Pods skipped or refused. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = gateway -> { };

    /** {@code gateway}: a delegated gateway's Pod (outbound redirection only). */
    void injected(boolean gateway);
  }

  private final InjectionSettings settings;
  private final MeshDirectory meshes;
  private final Listener listener;

  public SidecarInjector(InjectionSettings settings, MeshDirectory meshes) {
    this(settings, meshes, Listener.NONE);
  }

  public SidecarInjector(InjectionSettings settings, MeshDirectory meshes, Listener listener) {
    this.settings = settings;
    this.meshes = meshes;
    this.listener = listener;
  }

  public Verdict inject(JsonNode pod, NamespaceInfo namespace) {
    PodFacts facts;
    try {
      facts = PodFacts.read(pod, namespace, settings.sidecarUid());
    } catch (PodFacts.Unacceptable e) {
      return Verdict.Refuse.badRequest(e.getMessage());
    }
    if (facts.skipReason() != null) return new Verdict.Allow(facts.skipReason());
    if (!meshes.exists(facts.mesh())) {
      return Verdict.Refuse.forbidden("mesh \"" + facts.mesh() + "\" does not exist: create the Mesh before Pods join"
          + " it, or choose another with the " + MESH + " label");
    }
    if (!facts.containersWithSidecarUid().isEmpty()) {
      return Verdict.Refuse.badRequest("containers running as the sidecar's UID " + settings.sidecarUid()
          + " are not supported (their traffic would bypass the mesh): " + facts.containersWithSidecarUid());
    }
    Optional<ObjectNode> tokenMount;
    try {
      tokenMount = ServiceAccountTokenMount.find(pod);
    } catch (PodFacts.Unacceptable e) {
      return Verdict.Refuse.badRequest(e.getMessage());
    }
    JsonPatch patch = new JsonPatch();
    annotate(pod, facts, patch);
    addVolumes(pod, patch);
    addContainers(pod, facts, tokenMount, patch);
    listener.injected(facts.gateway());
    return new Verdict.Patch((facts.gateway() ? "delegated gateway" : "sidecar") + " injected, mesh " + facts.mesh(), patch);
  }

  private void annotate(JsonNode pod, PodFacts facts, JsonPatch patch) {
    patch.putInMap(pod, ANNOTATIONS, SIDECAR_INJECTED, "true");
    patch.putInMap(pod, ANNOTATIONS, MESH, facts.mesh());
    patch.putInMap(pod, ANNOTATIONS, SIDECAR_UID, String.valueOf(settings.sidecarUid()));
    patch.putInMap(pod, ANNOTATIONS, ENVOY_ADMIN_PORT, String.valueOf(settings.envoyAdminPort()));
    patch.putInMap(pod, ANNOTATIONS, TRANSPARENT_PROXYING, "enabled");
    patch.putInMap(pod, ANNOTATIONS, OUTBOUND_PORT, String.valueOf(settings.outboundRedirectPort()));
    // A delegated gateway receives its traffic directly: nothing is redirected inbound.
    if (!facts.gateway()) patch.putInMap(pod, ANNOTATIONS, INBOUND_PORT, String.valueOf(settings.inboundRedirectPort()));
    if (facts.builtinDns()) {
      patch.putInMap(pod, ANNOTATIONS, KumaMetadata.BUILTIN_DNS, "enabled");
      patch.putInMap(pod, ANNOTATIONS, KumaMetadata.BUILTIN_DNS_PORT, String.valueOf(KumaMetadata.DNS_RELAY_PORT));
    }
    // kubectl logs/exec keep going to the application, not to the sidecar placed before it.
    if (!settings.nativeSidecar() && facts.firstContainer() != null && !facts.annotations().containsKey(DEFAULT_CONTAINER)) {
      patch.putInMap(pod, ANNOTATIONS, DEFAULT_CONTAINER, facts.firstContainer());
    }
    if (!facts.labels().containsKey(MESH)) patch.putInMap(pod, LABELS, MESH, facts.mesh());
  }

  private void addVolumes(JsonNode pod, JsonPatch patch) {
    patch.append(pod, "/spec/volumes", SidecarContainers.scratchVolume(SidecarContainers.INIT_TMP_VOLUME));
    patch.append(pod, "/spec/volumes", SidecarContainers.scratchVolume(SidecarContainers.SIDECAR_TMP_VOLUME));
  }

  private void addContainers(JsonNode pod, PodFacts facts, Optional<ObjectNode> tokenMount, JsonPatch patch) {
    // Redirection is set up after the Pod's own init containers, which therefore run outside the mesh.
    patch.append(pod, "/spec/initContainers", SidecarContainers.init(settings, facts.gateway(), facts.builtinDns()));
    if (settings.nativeSidecar()) {
      patch.append(pod, "/spec/initContainers", SidecarContainers.sidecar(settings, facts.mesh(), facts.builtinDns(), true, tokenMount));
    } else {
      patch.prepend(pod, "/spec/containers", SidecarContainers.sidecar(settings, facts.mesh(), facts.builtinDns(), false, tokenMount));
    }
  }
}
