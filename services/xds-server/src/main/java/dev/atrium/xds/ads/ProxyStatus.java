package dev.atrium.xds.ads;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A proxy's connection and per-type delivery status, as this server saw it (Kuma's DataplaneInsight idea). */
public final class ProxyStatus {
  private final ProxyId id;
  private int openStreams;
  private Instant connectedAt;
  private Instant disconnectedAt;
  private long pushes;
  private boolean registeredByAgent;
  private final Map<String, TypeStatus> types = new TreeMap<>();

  ProxyStatus(ProxyId id) {
    this.id = id;
  }

  public ProxyId id() {
    return id;
  }

  public synchronized boolean connected() {
    return openStreams > 0;
  }

  public synchronized Instant connectedAt() {
    return connectedAt;
  }

  public synchronized Instant disconnectedAt() {
    return disconnectedAt;
  }

  /**
   * True when the proxy's agent registered its Dataplane at bootstrap (Kuma's {@code dataplane.resource}
   * node metadata, as the latest connection announced it): the Dataplane goes when the proxy goes.
   */
  public synchronized boolean registeredByAgent() {
    return registeredByAgent;
  }

  synchronized void registeredByAgent(boolean value) {
    registeredByAgent = value;
  }

  /** Snapshots set for this proxy with at least one changed type. */
  public synchronized long pushes() {
    return pushes;
  }

  public synchronized Map<String, TypeStatus> types() {
    return Map.copyOf(types);
  }

  /** @return true when this is the proxy's first open stream */
  synchronized boolean streamOpened(Instant at) {
    openStreams++;
    if (openStreams == 1) {
      connectedAt = at;
      disconnectedAt = null;
      return true;
    }
    return false;
  }

  /** @return true when the proxy has no stream left */
  synchronized boolean streamClosed(Instant at) {
    openStreams = Math.max(0, openStreams - 1);
    if (openStreams == 0) disconnectedAt = at;
    return openStreams == 0;
  }

  synchronized void pushed() {
    pushes++;
  }

  synchronized void update(String typeUrl, java.util.function.UnaryOperator<TypeStatus> change) {
    types.put(typeUrl, change.apply(types.getOrDefault(typeUrl, TypeStatus.empty(typeUrl))));
  }
}
