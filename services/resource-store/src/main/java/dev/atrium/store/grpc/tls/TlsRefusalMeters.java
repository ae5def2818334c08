package dev.atrium.store.grpc.tls;

import dev.atrium.internaltls.ClientCertificateCheck.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code atrium_store_grpc_tls_refusals_total{reason="no_certificate"|"untrusted_certificate"}}: Store
 * gRPC connections refused because the caller presented no certificate, or one the internal CA does not
 * accept. Both series exist from the start (at 0), so an alert on their rate needs no special case.
 */
@Singleton
public class TlsRefusalMeters {
  private final Map<Reason, Counter> refusals = new EnumMap<>(Reason.class);

  public TlsRefusalMeters(MeterRegistry registry) {
    for (Reason reason : Reason.values()) {
      refusals.put(reason, Counter.builder("atrium.store.grpc.tls.refusals")
          .description("Store gRPC connections refused: no client certificate, or one not signed by the internal CA")
          .tag("reason", reason.label()).register(registry));
    }
  }

  void refused(Reason reason) {
    refusals.get(reason).increment();
  }
}
