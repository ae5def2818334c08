package dev.atrium.core.model.gateway;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.DataSource;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.Selector;
import java.util.List;
import java.util.Map;

/** A builtin gateway's listeners, bound to gateway Dataplanes by {@code selectors}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MeshGatewaySpec(List<Selector> selectors, Map<String, String> tags, Conf conf) implements ResourceSpec {

  public MeshGatewaySpec {
    selectors = Collect.list(selectors);
    tags = Collect.map(tags);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Conf(List<Listener> listeners) {
    public Conf {
      listeners = Collect.list(listeners);
    }
  }

  public enum Protocol { NONE, UDP, TCP, TLS, HTTP, HTTPS }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Listener(
      String hostname,
      Integer port,
      Protocol protocol,
      Tls tls,
      Map<String, String> tags,
      @JsonAlias("cross_mesh") Boolean crossMesh,
      Resources resources) {
    public Listener {
      tags = Collect.map(tags);
    }

    /** Kuma treats an absent hostname as the wildcard "*". */
    public String effectiveHostname() {
      return hostname == null || hostname.isEmpty() ? "*" : hostname;
    }

    public boolean isCrossMesh() {
      return Boolean.TRUE.equals(crossMesh);
    }

    public int portOrZero() {
      return port == null ? 0 : port;
    }
  }

  public enum TlsMode { NONE, TERMINATE, PASSTHROUGH }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Tls(TlsMode mode, List<DataSource> certificates, JsonNode options) {
    public Tls {
      certificates = Collect.list(certificates);
    }
  }

  public record Resources(@JsonAlias("connection_limit") Long connectionLimit) {}
}
