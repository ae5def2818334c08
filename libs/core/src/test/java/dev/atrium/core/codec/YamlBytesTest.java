package dev.atrium.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Bytes leave the codec as base64 text in YAML, never as a {@code !!binary} tag: Go's YAML readers
 * (kubectl, kumactl) decode that tag to the raw bytes, so the API server would receive the PEM itself
 * where the CRD asks for base64 (found by CrdsE2ETest against a real kube-apiserver).
 */
class YamlBytesTest {

  @Test
  void inlineBytesAreBase64TextInBothForms() {
    Resource gateway = ResourceCodec.decode("""
        type: MeshGateway
        mesh: default
        name: edge
        selectors: [{match: {kuma.io/service: edge}}]
        conf:
          listeners:
            - port: 8443
              protocol: HTTPS
              tls:
                mode: TERMINATE
                certificates: [{inline: dGVzdA==}]
        """);
    for (String yaml : new String[] {ResourceCodec.toYaml(gateway), ResourceCodec.toKubernetesYaml(gateway)}) {
      assertThat(yaml).doesNotContain("!!binary").contains("inline: dGVzdA==");
      assertThat(ResourceCodec.decode(yaml)).isEqualTo(gateway);
    }
  }

  @Test
  void secretDataIsBase64Text() {
    Resource secret = ResourceCodec.decode("type: Secret\nmesh: default\nname: s\ndata: dGVzdA==\n");
    assertThat(ResourceCodec.toYaml(secret)).contains("data: dGVzdA==").doesNotContain("!!binary");
  }
}
