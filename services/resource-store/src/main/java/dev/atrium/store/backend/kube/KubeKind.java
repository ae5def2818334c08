package dev.atrium.store.backend.kube;

import dev.atrium.core.model.ResourceKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Arrays;
import java.util.List;

/**
 * Where one kind of the store lives in Kubernetes: a {@code kuma.io/v1alpha1} custom resource (cluster
 * scoped or namespaced, as Kuma's CRDs), or, for Secret and GlobalSecret, a core/v1 Secret of type
 * {@value #SECRET_TYPE} or {@value #GLOBAL_SECRET_TYPE} in the system namespace, as Kuma keeps them.
 */
record KubeKind(ResourceKind kind, ResourceDefinitionContext context) {
  static final String GROUP = "kuma.io";
  static final String VERSION = "v1alpha1";
  static final String SECRET_TYPE = "system.kuma.io/secret";
  static final String GLOBAL_SECRET_TYPE = "system.kuma.io/global-secret";

  static List<KubeKind> all() {
    return Arrays.stream(ResourceKind.values()).map(KubeKind::of).toList();
  }

  static KubeKind of(ResourceKind kind) {
    if (kind == ResourceKind.SECRET || kind == ResourceKind.GLOBAL_SECRET) {
      return new KubeKind(kind, new ResourceDefinitionContext.Builder()
          .withGroup("").withVersion("v1").withKind("Secret").withPlural("secrets").withNamespaced(true).build());
    }
    String type = kind.typeName();
    // The plural the generated CRD declares (meshes, meshretries): one rule for both sides.
    String plural = dev.atrium.core.k8s.crd.CrdGenerator.plural(kind);
    return new KubeKind(kind, new ResourceDefinitionContext.Builder()
        .withGroup(GROUP).withVersion(VERSION).withKind(type).withPlural(plural)
        .withNamespaced(kind.k8sScope() == ResourceKind.K8sScope.NAMESPACED).build());
  }

  String typeName() {
    return kind.typeName();
  }

  /** Kept as a core/v1 Secret rather than a custom resource. */
  boolean isSecret() {
    return kind == ResourceKind.SECRET || kind == ResourceKind.GLOBAL_SECRET;
  }

  /** The core/v1 Secret type that marks a Secret as this kind's. */
  String secretType() {
    return kind == ResourceKind.GLOBAL_SECRET ? GLOBAL_SECRET_TYPE : SECRET_TYPE;
  }

  boolean isNamespaced() {
    return context.isNamespaceScoped();
  }

  /** e.g. "meshhttproutes.kuma.io", for messages. */
  String resourceName() {
    return context.getPlural() + (context.getGroup().isEmpty() ? "" : "." + context.getGroup());
  }

  /**
   * Every object of the kind the store reads: all namespaces for namespaced CRDs (Kuma puts
   * Dataplanes in their Pod's namespace), only Kuma's secrets in the system namespace. Lists and
   * watches use exactly this, so a probe compares like with like.
   */
  FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      collection(KubernetesClient client, String systemNamespace) {
    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
        client.genericKubernetesResources(context);
    if (isSecret()) return op.inNamespace(systemNamespace).withField("type", secretType());
    return isNamespaced() ? op.inAnyNamespace() : op;
  }

  /** One object by namespace (null for cluster-scoped kinds) and name. */
  Resource<GenericKubernetesResource> object(KubernetesClient client, String namespace, String name) {
    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
        client.genericKubernetesResources(context);
    return namespace == null ? op.withName(name) : op.inNamespace(namespace).withName(name);
  }
}
