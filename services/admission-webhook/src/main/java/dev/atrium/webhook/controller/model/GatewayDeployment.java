package dev.atrium.webhook.controller.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec;
import dev.atrium.core.model.gateway.MeshGatewayInstanceSpec.PodSpec;
import dev.atrium.webhook.metadata.KumaMetadata;
import dev.atrium.webhook.metadata.ProxyCredentials;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Deployment of a MeshGatewayInstance's builtin gateway Pods, as Kuma's GatewayInstanceReconciler
 * shapes it: named after the instance, Pods selected by {@code app: <instance>}, sidecar injection
 * off, annotated {@code kuma.io/gateway: builtin} with the instance's tags in {@code kuma.io/tags}
 * (from which the Pod controller makes each Pod's BUILTIN Dataplane), one {@code kuma-gateway}
 * container running {@code atrium-dp run}, and low ports allowed through a safe sysctl. The instance's
 * {@code podTemplate} adds labels, annotations and Pod settings; the controller's own keys win.
 */
public final class GatewayDeployment {
  private GatewayDeployment() {}

  public static Deployment desired(GatewayInstance instance, List<Integer> ports, GatewaySettings settings,
      Optional<ManagedObjects.Owner> owner) {
    MeshGatewayInstanceSpec spec = instance.spec();
    Map<String, String> podLabels = new TreeMap<>(templateMetadata(spec).labels());
    podLabels.putAll(ManagedObjects.labels(instance));
    podLabels.put(KumaMetadata.SIDECAR_INJECTION, "disabled");
    Map<String, String> podAnnotations = new TreeMap<>(templateMetadata(spec).annotations());
    podAnnotations.put(KumaMetadata.GATEWAY, KumaNames.GATEWAY_BUILTIN);
    podAnnotations.put(KumaNames.TAGS_ANNOTATION, json(instance.tags()));
    podAnnotations.put(KumaMetadata.MESH, instance.mesh());

    PodSpec pod = spec.podTemplate() == null || spec.podTemplate().spec() == null
        ? new PodSpec(null, null, null, null, null, null, null, null) : spec.podTemplate().spec();
    PodSpecBuilder podSpec = new PodSpecBuilder()
        .withContainers(container(instance, ports, settings, pod))
        .addNewVolume().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity("10M")).endEmptyDir().endVolume()
        .withSecurityContext(new PodSecurityContextBuilder()
            .withFsGroup(pod.securityContext() == null ? null : pod.securityContext().fsGroup())
            .addNewSysctl().withName("net.ipv4.ip_unprivileged_port_start").withValue("0").endSysctl()
            .build());
    if (pod.serviceAccountName() != null) podSpec.withServiceAccountName(pod.serviceAccountName());
    if (!pod.nodeSelector().isEmpty()) podSpec.withNodeSelector(new TreeMap<>(pod.nodeSelector()));
    if (pod.affinity() != null) podSpec.withAffinity(ManagedObjects.SERIALIZATION.convertValue(pod.affinity(), Affinity.class));
    pod.tolerations().forEach(t -> podSpec.addToTolerations(toleration(t)));
    pod.topologySpreadConstraints().forEach(c ->
        podSpec.addToTopologySpreadConstraints(ManagedObjects.SERIALIZATION.convertValue(c, TopologySpreadConstraint.class)));
    if (pod.priorityClassName() != null) podSpec.withPriorityClassName(pod.priorityClassName());

    Deployment deployment = new DeploymentBuilder()
        .withNewMetadata().withName(instance.name()).withNamespace(instance.namespace())
            .withLabels(ManagedObjects.labels(instance)).endMetadata()
        .withNewSpec()
            .withReplicas(spec.effectiveReplicas())
            .withNewSelector().withMatchLabels(Map.of(ManagedObjects.APP, instance.name())).endSelector()
            .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations).endMetadata()
                .withSpec(podSpec.build())
            .endTemplate()
        .endSpec()
        .build();
    ManagedObjects.own(deployment, owner);
    return deployment;
  }

  private static Container container(GatewayInstance instance, List<Integer> ports, GatewaySettings s, PodSpec pod) {
    boolean readOnlyRoot = pod.container() == null || pod.container().securityContext() == null
        || pod.container().securityContext().readOnlyRootFilesystem() == null
        || pod.container().securityContext().readOnlyRootFilesystem();
    ContainerBuilder c = new ContainerBuilder()
        .withName(KumaNames.GATEWAY_CONTAINER)
        .withImage(s.image())
        .withImagePullPolicy("IfNotPresent")
        .withArgs("run", "--admin-port=" + s.adminPort(), "--readiness-port=" + s.readinessPort())
        .withEnv(env(instance, s))
        .withResources(resources(instance.spec(), s))
        .withNewReadinessProbe()
            .withNewHttpGet().withPath("/ready").withNewPort(s.readinessPort()).endHttpGet()
            .withInitialDelaySeconds(1).withPeriodSeconds(5).withTimeoutSeconds(3).withFailureThreshold(12)
        .endReadinessProbe()
        .withNewSecurityContext()
            .withRunAsUser(s.uid()).withRunAsGroup(s.uid())
            .withReadOnlyRootFilesystem(readOnlyRoot).withAllowPrivilegeEscalation(false)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount();
    ports.forEach(p -> c.addToPorts(new ContainerPortBuilder().withContainerPort(p).withProtocol("TCP").build()));
    return c.build();
  }

  /**
   * atrium-dp finds the control plane and its Dataplane ({@code <pod>.<namespace>} in the mesh, the
   * name the Pod controller gives it) in its environment, as the injected sidecar does, and
   * authenticates with the Pod's service-account token (the API server mounts it into every container
   * of the Pod unless the service account or the Pod turns that off). The xds-server's CA, if configured,
   * is in the environment too, so no ConfigMap has to exist in the instance's namespace.
   */
  private static List<EnvVar> env(GatewayInstance instance, GatewaySettings s) {
    List<EnvVar> env = new ArrayList<>(List.of(
        fieldRef("POD_NAME", "metadata.name"),
        fieldRef("POD_NAMESPACE", "metadata.namespace"),
        fieldRef("INSTANCE_IP", "status.podIP"),
        value("ATRIUM_CP_ADDRESS", s.controlPlaneAddress()),
        value("ATRIUM_DATAPLANE_MESH", instance.mesh()),
        value("ATRIUM_DATAPLANE_NAME", "$(POD_NAME).$(POD_NAMESPACE)"),
        value(ProxyCredentials.TOKEN_PATH_ENV, ProxyCredentials.TOKEN_PATH)));
    s.controlPlaneCa().ifPresent(ca -> env.add(value(ProxyCredentials.CA_CERT_ENV, ca.pem())));
    return env;
  }

  private static ResourceRequirements resources(MeshGatewayInstanceSpec spec, GatewaySettings s) {
    if (spec.resources() != null) {
      return new ResourceRequirementsBuilder().withRequests(quantities(spec.resources().requests()))
          .withLimits(quantities(spec.resources().limits())).build();
    }
    return new ResourceRequirementsBuilder()
        .withRequests(quantities(Map.of("cpu", s.cpuRequest(), "memory", s.memoryRequest())))
        .withLimits(quantities(Map.of("cpu", s.cpuLimit(), "memory", s.memoryLimit()))).build();
  }

  private static Map<String, Quantity> quantities(Map<String, String> in) {
    Map<String, Quantity> out = new TreeMap<>();
    in.forEach((k, v) -> out.put(k, new Quantity(v)));
    return out.isEmpty() ? null : out;
  }

  private static Toleration toleration(MeshGatewayInstanceSpec.Toleration t) {
    return new TolerationBuilder().withKey(t.key()).withOperator(t.operator() == null ? null : t.operator().name())
        .withValue(t.value()).withEffect(t.effect() == null ? null : t.effect().name())
        .withTolerationSeconds(t.tolerationSeconds()).build();
  }

  private static MeshGatewayInstanceSpec.ObjectMetadata templateMetadata(MeshGatewayInstanceSpec spec) {
    if (spec.podTemplate() == null || spec.podTemplate().metadata() == null) {
      return new MeshGatewayInstanceSpec.ObjectMetadata(null, null);
    }
    return spec.podTemplate().metadata();
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef()
        .endValueFrom().build();
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static String json(Map<String, String> tags) {
    try {
      return Mappers.JSON.writeValueAsString(new TreeMap<>(tags));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
