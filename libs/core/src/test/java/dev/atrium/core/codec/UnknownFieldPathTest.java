package dev.atrium.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unknown fields are reported at their own path, whatever their value's shape and however deep. */
class UnknownFieldPathTest {

  private static final String GATEWAY = """
      type: MeshGateway
      mesh: default
      name: edge-gateway
      selectors:
        - match:
            kuma.io/service: edge-gateway
      """;

  @Test
  void scalarListAndObjectValuesAtEveryDepth() {
    String yaml = GATEWAY + """
        color: blue
        conf:
          listeners:
            - port: 8080
              protocol: HTTP
              resource:
                connectionLimit: 10
            - port: 8443
              protocol: HTTPS
              tls:
                mode: TERMINATE
                certificate:
                  - secret: edge-cert
        """;
    assertThat(violations(yaml)).containsExactlyInAnyOrder(
        new Violation("color", "unknown field \"color\""),
        new Violation("conf.listeners[0].resource", "unknown field \"resource\""),
        new Violation("conf.listeners[1].tls.certificate", "unknown field \"certificate\""));
  }

  @Test
  void insideListsOfSelectors() {
    String yaml = """
        type: MeshGatewayRoute
        mesh: default
        name: route
        selectors:
          - match:
              kuma.io/service: edge-gateway
          - matches:
              kuma.io/service: edge-gateway
        conf:
          tcp:
            rules:
              - backends:
                  - destination:
                      kuma.io/service: redis
                    weigth: 2
        """;
    assertThat(violations(yaml)).containsExactlyInAnyOrder(
        new Violation("selectors[1].matches", "unknown field \"matches\""),
        new Violation("conf.tcp.rules[0].backends[0].weigth", "unknown field \"weigth\""));
  }

  @Test
  void underTheSpecOfWrappedKinds() {
    String yaml = """
        type: MeshHTTPRoute
        mesh: default
        name: route
        spec:
          targetRef:
            kind: Mesh
          to:
            - targetRef:
                kind: MeshService
                name: demo
              rules:
                - default:
                    filter:
                      - type: RequestHeaderModifier
        """;
    assertThat(violations(yaml))
        .containsExactly(new Violation("spec.to[0].rules[0].default.filter", "unknown field \"filter\""));
  }

  private static List<Violation> violations(String yaml) {
    return catchThrowableOfType(InvalidResourceException.class, () -> ResourceCodec.decode(yaml)).violations();
  }
}
