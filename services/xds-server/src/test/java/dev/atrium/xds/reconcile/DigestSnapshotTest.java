package dev.atrium.xds.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.translate.OtherMeshes;
import dev.atrium.core.translate.ProxyTranslator;
import dev.atrium.core.xds.SharedResources;
import dev.atrium.core.xds.XdsResources;
import dev.atrium.core.xds.XdsTranslator;
import dev.atrium.testing.yaml.MeshYaml;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The versions a proxy's snapshot carries are content digests: what delta xDS compares with the versions
 * a reconnecting proxy reports, so they must follow the content, not the Java objects or the JVM.
 */
class DigestSnapshotTest {

  @Test
  void everyResourceIsVersionedByTheSha256OfItsDeterministicSerialization() throws Exception {
    XdsResources xds = gateway("/");
    DigestSnapshot snapshot = new DigestSnapshot(xds, List.of(), List.of(), xds.version(XdsTypeUrls.SECRET));

    for (ResourceType type : List.of(ResourceType.CLUSTER, ResourceType.ENDPOINT, ResourceType.LISTENER, ResourceType.ROUTE)) {
      @SuppressWarnings("unchecked")
      Map<String, VersionedResource<?>> versioned = snapshot.versionedResources(type);
      assertThat(versioned).as(type.name()).isNotEmpty();
      for (VersionedResource<?> r : versioned.values()) assertThat(r.version()).isEqualTo(sha256Hex(r.resource()));
    }
    assertThat(snapshot.version(XdsTypeUrls.ROUTE)).isEqualTo(xds.version(XdsTypeUrls.ROUTE));
    assertThat(snapshot.version(XdsTypeUrls.CLUSTER)).isEqualTo(xds.version(XdsTypeUrls.CLUSTER));
  }

  @Test
  void aChangedRouteChangesOnlyTheRouteTablesVersionAndEqualContentKeepsItsVersionAcrossTranslations() {
    DigestSnapshot before = snapshot(gateway("/"));
    DigestSnapshot same = snapshot(gateway("/"));
    DigestSnapshot changed = snapshot(gateway("/api"));

    assertThat(versions(same, ResourceType.ROUTE)).isEqualTo(versions(before, ResourceType.ROUTE));
    assertThat(versions(changed, ResourceType.ROUTE)).isNotEqualTo(versions(before, ResourceType.ROUTE));
    assertThat(versions(changed, ResourceType.CLUSTER)).isEqualTo(versions(before, ResourceType.CLUSTER));
    assertThat(versions(changed, ResourceType.LISTENER)).isEqualTo(versions(before, ResourceType.LISTENER));
  }

  @Test
  void servedSecretsAreVersionedWithTheListTheyAreServedIn() throws Exception {
    Secret a = Secret.newBuilder().setName("a").build();
    Secret b = Secret.newBuilder().setName("b").build();
    XdsResources xds = gateway("/");
    DigestSnapshot snapshot = new DigestSnapshot(xds, List.of(a, b),
        dev.atrium.core.xds.MeshSecrets.resourceVersions(List.of(a, b)), dev.atrium.core.xds.MeshSecrets.version(List.of(a, b)));

    @SuppressWarnings("unchecked")
    Map<String, VersionedResource<?>> secrets = snapshot.versionedResources(ResourceType.SECRET);
    assertThat(secrets.keySet()).containsExactly("a", "b");
    assertThat(secrets.get("b").version()).isEqualTo(sha256Hex(b));
    assertThat(snapshot.version(XdsTypeUrls.SECRET)).isEqualTo(dev.atrium.core.xds.MeshSecrets.version(List.of(a, b)));
  }

  /** A builtin gateway with one route of {@code prefix} to a backend, translated as the server does. */
  private static XdsResources gateway(String prefix) {
    Resource mesh = ResourceCodec.decode("type: Mesh\nname: default\n");
    List<Resource> resources = new ArrayList<>();
    resources.add(ResourceCodec.decode(MeshYaml.httpGateway("default", "edge", 8080, false, null)));
    resources.add(ResourceCodec.decode(MeshYaml.builtinGateway("default", "gw", "edge")));
    resources.add(ResourceCodec.decode(MeshYaml.sidecar("default", "backend", 9000, 9001, "backend", "http")));
    resources.add(ResourceCodec.decode(MeshYaml.routeAll("default", "all", "edge", "backend")
        .replace("value: /}", "value: " + prefix + "}")));
    MeshSnapshot snapshot = MeshSnapshot.of(mesh, resources);
    return XdsTranslator.translate(ProxyTranslator.translate(snapshot, "gw", OtherMeshes.NONE), SharedResources.create());
  }

  private static DigestSnapshot snapshot(XdsResources xds) {
    return new DigestSnapshot(xds, List.of(), List.of(), xds.version(XdsTypeUrls.SECRET));
  }

  private static Map<String, String> versions(DigestSnapshot snapshot, ResourceType type) {
    @SuppressWarnings("unchecked")
    Map<String, VersionedResource<?>> versioned = snapshot.versionedResources(type);
    Map<String, String> out = new java.util.TreeMap<>();
    versioned.forEach((name, r) -> out.put(name, r.version()));
    return out;
  }

  /** Computed here, independently of the code under test. */
  private static String sha256Hex(Message m) throws IOException, NoSuchAlgorithmException {
    byte[] bytes = new byte[m.getSerializedSize()];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.useDeterministicSerialization();
    m.writeTo(out);
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static final class XdsTypeUrls {
    static final String CLUSTER = io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
    static final String ROUTE = io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
    static final String SECRET = io.envoyproxy.controlplane.cache.Resources.V3.SECRET_TYPE_URL;
  }
}
