package dev.atrium.ctl.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorRendererTest {

  /** Kuma 2.14's answer to a MeshGateway whose listener has no port. */
  static final String INVALID_GATEWAY = """
      {"type":"/std-errors","status":400,"title":"Could not process a resource","detail":"Resource is not valid",
       "invalid_parameters":[{"field":"conf.listeners[0].port","reason":"port must be in the range [1, 65535]"},
                             {"field":"selectors","reason":"must have at least one element"}],
       "details":"Resource is not valid",
       "causes":[{"field":"conf.listeners[0].port","message":"port must be in the range [1, 65535]"},
                 {"field":"selectors","message":"must have at least one element"}]}
      """;

  @Test
  void kumaValidationErrorPrintsOneLinePerViolation() {
    ApiException e = ApiException.fromResponse(400, INVALID_GATEWAY);

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.title()).isEqualTo("Could not process a resource");
    assertThat(ErrorRenderer.render("MeshGateway default/edge-gateway", e)).containsExactly(
        "Error: MeshGateway default/edge-gateway: Resource is not valid",
        "  conf.listeners[0].port: port must be in the range [1, 65535]",
        "  selectors: must have at least one element");
  }

  @Test
  void legacyCausesAreReadWhenInvalidParametersAreMissing() {
    ApiException e = ApiException.fromResponse(400, """
        {"title":"Could not process a resource","details":"Resource is not valid",
         "causes":[{"field":"networking.inbound[0].tags[\\"kuma.io/service\\"]","message":"tag has to exist"}]}
        """);

    assertThat(e.violations()).containsExactly(new Violation("networking.inbound[0].tags[\"kuma.io/service\"]", "tag has to exist"));
    assertThat(ErrorRenderer.render("Dataplane default/dp-1", e)).containsExactly(
        "Error: Dataplane default/dp-1: Resource is not valid",
        "  networking.inbound[0].tags[\"kuma.io/service\"]: tag has to exist");
  }

  @Test
  void errorWithoutViolationsShowsTitleAndDetail() {
    ApiException e = ApiException.fromResponse(404, "{\"title\":\"Failed to retrieve Mesh\",\"detail\":\"Not found\"}");

    assertThat(ErrorRenderer.render("MeshGateway nomesh/gw", e))
        .containsExactly("Error: MeshGateway nomesh/gw: Failed to retrieve Mesh (Not found)");
  }

  @Test
  void fieldlessViolationPrintsTheReasonAlone() {
    ApiException e = ApiException.fromResponse(400, """
        {"title":"Bad Request","detail":"Resource is not valid","invalid_parameters":[{"field":"","reason":"bad schema"}]}
        """);

    assertThat(ErrorRenderer.render("Mesh m", e)).containsExactly("Error: Mesh m: Resource is not valid", "  bad schema");
  }

  @Test
  void nonJsonBodyIsShownRawOnOneLineWithTheStatus() {
    ApiException e = ApiException.fromResponse(502, "<html>\n  <body>Bad Gateway</body>\n</html>\n");

    assertThat(e.isStructured()).isFalse();
    assertThat(ErrorRenderer.render("MeshGateway default/gw", e))
        .containsExactly("Error: MeshGateway default/gw: (502): <html> <body>Bad Gateway</body> </html>");
  }

  @Test
  void clientSideViolationsRenderLikeServerOnes() {
    assertThat(ErrorRenderer.renderClientSide("MeshGateway default/gw",
        List.of(new Violation("conf.listeners[0].port", "must be an integer"))))
        .containsExactly("Error: MeshGateway default/gw: Resource is not valid", "  conf.listeners[0].port: must be an integer");
    assertThat(ErrorRenderer.renderClientSide("gw.yaml", List.of(new Violation("", "invalid YAML: bad indent (line 3, column 1)"))))
        .containsExactly("Error: gw.yaml: invalid YAML: bad indent (line 3, column 1)");
  }

  @Test
  void notFoundNamesKindNameAndMesh() {
    assertThat(ErrorRenderer.notFound(ResourceKind.MESH_GATEWAY, "x", "default"))
        .containsExactly("Error: MeshGateway \"x\" not found in mesh \"default\"");
    assertThat(ErrorRenderer.notFound(ResourceKind.MESH, "prod", "default")).containsExactly("Error: Mesh \"prod\" not found");
  }
}
