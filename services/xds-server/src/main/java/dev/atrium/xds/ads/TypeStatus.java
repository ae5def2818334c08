package dev.atrium.xds.ads;

import java.time.Instant;

/**
 * What one proxy last did with one xDS type: the version sent, the last version it accepted, and the
 * last one it rejected with Envoy's error text. A rejected version never replaces the accepted one:
 * Envoy keeps serving the last good config, and so does this record.
 */
public record TypeStatus(
    String typeUrl,
    String sentVersion,
    long responsesSent,
    String ackedVersion,
    Instant ackedAt,
    long acks,
    String nackedVersion,
    String nackError,
    Instant nackedAt,
    long nacks) {

  static TypeStatus empty(String typeUrl) {
    return new TypeStatus(typeUrl, "", 0, "", null, 0, "", "", null, 0);
  }

  TypeStatus sent(String version) {
    return new TypeStatus(typeUrl, version, responsesSent + 1, ackedVersion, ackedAt, acks, nackedVersion, nackError,
        nackedAt, nacks);
  }

  TypeStatus acked(String version, Instant at) {
    return new TypeStatus(typeUrl, sentVersion, responsesSent, version, at, acks + 1, nackedVersion, nackError, nackedAt,
        nacks);
  }

  TypeStatus nacked(String version, String error, Instant at) {
    return new TypeStatus(typeUrl, sentVersion, responsesSent, ackedVersion, ackedAt, acks, version, error, at, nacks + 1);
  }
}
