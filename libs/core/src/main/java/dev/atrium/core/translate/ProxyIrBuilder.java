package dev.atrium.core.translate;

import dev.atrium.core.ir.DnsIr;

import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.MeshTlsIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.ir.SecretIr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Collects a proxy's IR while the translators walk its Dataplane. Names are unique: the first
 * listener on an address:port wins (Envoy can bind it once; the Dataplane's order decides), and a
 * cluster or endpoint set asked for twice (two outbounds to one service) is kept once.
 */
final class ProxyIrBuilder {
  private final String mesh;
  private final String dataplane;
  private final ProxyKind kind;
  private final Map<String, ListenerIr> listeners = new LinkedHashMap<>();
  private final Map<String, ClusterIr> clusters = new LinkedHashMap<>();
  private final Map<String, EndpointsIr> endpoints = new LinkedHashMap<>();
  private final Map<String, SecretIr> secrets = new LinkedHashMap<>();
  private final SortedSet<String> services = new TreeSet<>();
  private MeshTlsIr mtls;
  /** The .mesh names of the VIPs this proxy has outbounds for, name → VIP. */
  private final Map<String, String> dnsRecords = new java.util.TreeMap<>();

  /** Where a part of the Dataplane's own resource made a listener's route or cluster ({@code networking.inbound[0]}). */
  dev.atrium.core.policy.Origin dataplaneOrigin(String section) {
    return new dev.atrium.core.policy.Origin(dev.atrium.core.model.ResourceKind.DATAPLANE, dataplane, section);
  }

  ProxyIrBuilder(String mesh, String dataplane, ProxyKind kind) {
    this.mesh = mesh;
    this.dataplane = dataplane;
    this.kind = kind;
  }

  /** False when a listener of that name is already there (the new one is dropped). */
  boolean addListener(ListenerIr listener) {
    return listeners.putIfAbsent(listener.name(), listener) == null;
  }

  void addCluster(ClusterIr cluster) {
    clusters.putIfAbsent(cluster.name(), cluster);
  }

  void addEndpoints(EndpointsIr assignment) {
    endpoints.putIfAbsent(assignment.cluster(), assignment);
  }

  /** A secret is named after its source, so one asked for twice (two listeners, one certificate) is kept once. */
  void addSecret(SecretIr secret) {
    secrets.putIfAbsent(secret.name(), secret);
  }

  /** A VIP the proxy has an outbound for, and the names its DNS answers with it. */
  void addVip(String vip, List<String> hostnames) {
    hostnames.forEach(h -> dnsRecords.putIfAbsent(h, vip));
  }

  void dependOn(String service) {
    services.add(service);
  }

  /** The mesh's mTLS as this proxy uses it (null: off); set before the listeners and clusters that use it. */
  void mtls(MeshTlsIr tls) {
    this.mtls = tls;
  }

  MeshTlsIr mtls() {
    return mtls;
  }

  /** Some listener or cluster trusts every mesh's CA: the identity issuer must send that bundle too. */
  void needAllMeshesCa() {
    if (mtls != null && !mtls.allMeshesCa()) mtls = new MeshTlsIr(mtls.mesh(), mtls.backend(), mtls.mode(), true);
  }

  ProxyIr build() {
    return new ProxyIr(mesh, dataplane, kind, new ArrayList<>(listeners.values()), new ArrayList<>(clusters.values()),
        new ArrayList<>(endpoints.values()), services, new ArrayList<>(secrets.values()), mtls, List.of(),
        dnsRecords.isEmpty() ? null : new DnsIr(DnsIr.ADDRESS, DnsIr.PORT, dnsRecords));
  }
}
