package dev.atrium.core.model.accesslog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.route.TargetRef;
import java.util.List;

/**
 * Kuma's MeshAccessLog: where the proxies the top-level {@code targetRef} selects write one line per
 * request (HTTP) or connection (TCP). {@code to} entries log what a sidecar's outbounds and a builtin
 * gateway's listeners forward, {@code from} entries what a sidecar's inbounds take; {@code rules}
 * (inbound, by caller identity) are kept as written for the validator.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshAccessLogSpec(TargetRef targetRef, List<To> to, List<From> from, List<Rule> rules)
    implements ResourceSpec {

  public MeshAccessLogSpec {
    to = Collect.list(to);
    from = Collect.list(from);
    rules = Collect.list(rules);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record To(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record From(TargetRef targetRef, @JsonProperty("default") Conf defaultConf) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Rule(List<JsonNode> matches, @JsonProperty("default") Conf defaultConf) {
    public Rule {
      matches = Collect.list(matches);
    }
  }

  /** The backends of one entry; a list, so a later entry replaces it whole (Kuma's merge of lists). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Conf(List<Backend> backends) {}

  /** One place lines go: {@code type} is File, Tcp or OpenTelemetry and names the field that is set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Backend(String type, Tcp tcp, File file, OpenTelemetry openTelemetry) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tcp(Format format, String address) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record File(Format format, String path) {}

  /** {@code body}: any JSON, its strings Envoy command operators; {@code endpoint}: host:port of an OTLP/gRPC collector. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OpenTelemetry(List<Attribute> attributes, JsonNode body, String endpoint, JsonNode backendRef) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Attribute(String key, String value) {}

  /** {@code type} Plain (one template line) or Json (key/value pairs, each value a template). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Format(String type, String plain, List<JsonValue> json, Boolean omitEmptyValues) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record JsonValue(String key, String value) {}
}
