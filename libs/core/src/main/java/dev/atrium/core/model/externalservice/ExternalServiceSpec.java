package dev.atrium.core.model.externalservice;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.DataSource;
import dev.atrium.core.model.ResourceSpec;
import java.util.Map;

/**
 * Kuma's legacy ExternalService: a service outside the mesh at {@code networking.address}
 * ({@code host:port}), named in the mesh by its {@code kuma.io/service} tag, so an outbound or a
 * gateway backend naming that service goes to the address (with TLS when {@code networking.tls.enabled}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ExternalServiceSpec(Networking networking, Map<String, String> tags) implements ResourceSpec {
  public ExternalServiceSpec {
    tags = Collect.map(tags);
  }

  /** The external service's kuma.io/service tag, or null. */
  public String service() {
    return tags.get("kuma.io/service");
  }

  /**
   * @param disableHostDNSEntry Kuma's switch for the DNS entry of the address's host (a zone egress and
   *     Kuma DNS concern); accepted, changes nothing here
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Networking(String address, Tls tls, Boolean disableHostDNSEntry) {}

  /**
   * TLS the proxy originates to the external service (not mesh mTLS).
   *
   * @param serverName the SNI and the name the server certificate must carry; Kuma's StringValue, so
   *     present-but-empty (refused) differs from absent
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tls(
      Boolean enabled,
      @JsonAlias("ca_cert") DataSource caCert,
      @JsonAlias("client_cert") DataSource clientCert,
      @JsonAlias("client_key") DataSource clientKey,
      Boolean allowRenegotiation,
      @JsonAlias("server_name") String serverName,
      Boolean skipHostnameVerification) {

    public boolean isEnabled() {
      return Boolean.TRUE.equals(enabled);
    }
  }
}
