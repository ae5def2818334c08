package dev.atrium.core.snapshot;

/** The tags Kuma gives meaning to; everything downstream of the snapshot reads them by these names. */
public final class KumaTags {
  private KumaTags() {}

  /** The service a Dataplane inbound (or gateway) belongs to, and the destination of an outbound. */
  public static final String SERVICE = "kuma.io/service";

  /** The application protocol of an inbound: http, http2, grpc, kafka, tcp or tls. */
  public static final String PROTOCOL = "kuma.io/protocol";
}
