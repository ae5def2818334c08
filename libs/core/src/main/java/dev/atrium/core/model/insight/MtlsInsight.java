package dev.atrium.core.model.insight;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.core.model.Collect;
import java.util.List;
import java.util.Optional;

/**
 * A DataplaneInsight's {@code mTLS} in Kuma's shape ({@code DataplaneInsight.MTLS}): the proxy's
 * current certificate and how often it was made. Kept in {@link DataplaneInsightSpec#mTLS()} as JSON
 * (so an insight exported from Kuma round-trips); this record reads and writes it.
 *
 * @param certificateExpirationTime the current certificate's NotAfter, RFC 3339
 * @param lastCertificateRegeneration when it was made, RFC 3339
 * @param certificateRegenerations how many certificates the proxy has had (Kuma's uint32: a JSON number)
 * @param issuedBackend the CA backend that signed it
 * @param supportedBackends the backends the mesh's CA supports (the enabled one)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record MtlsInsight(
    String certificateExpirationTime,
    String lastCertificateRegeneration,
    long certificateRegenerations,
    String issuedBackend,
    List<String> supportedBackends) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public MtlsInsight {
    supportedBackends = Collect.list(supportedBackends);
  }

  /** The insight's {@code mTLS}, if it has one Atrium can read. */
  public static Optional<MtlsInsight> of(JsonNode mTLS) {
    if (mTLS == null || !mTLS.isObject()) return Optional.empty();
    try {
      return Optional.of(JSON.treeToValue(mTLS, MtlsInsight.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public JsonNode toJson() {
    return JSON.valueToTree(this);
  }
}
