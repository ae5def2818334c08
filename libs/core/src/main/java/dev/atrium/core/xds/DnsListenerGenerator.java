package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import dev.atrium.core.ir.DnsIr;
import dev.atrium.core.ir.ProxyIr;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.config.listener.v3.UdpListenerConfig;
import io.envoyproxy.envoy.data.dns.v3.DnsTable;
import io.envoyproxy.envoy.extensions.filters.udp.dns_filter.v3.DnsFilterConfig;

/**
 * LDS: the proxy's DNS ({@link DnsIr}), a UDP listener named {@code kuma:dns} (Kuma's name) with Envoy's
 * DNS filter: an inline table of the {@code .mesh} names, each answering its VIP for Kuma's 30 s, and
 * NXDOMAIN for every other name, as Kuma's. What asks here first is the data plane's DNS relay on 15053
 * (atrium-dp's {@code --dns-enabled}, kuma-dp's CoreDNS), where kuma-init redirects the pod's queries:
 * on NXDOMAIN it forwards the query unchanged to the pod's own resolvers. Resolving other names here
 * instead would flatten a cluster DNS's CNAME (an ExternalName Service to a {@code .mesh} name) into no
 * answer at all.
 */
final class DnsListenerGenerator implements ResourceGenerator {
  static final String NAME = "kuma:dns";

  @Override
  public void generate(ProxyIr proxy, XdsResources.Builder out) {
    DnsIr dns = proxy.dns();
    if (dns == null) return;
    out.addShared(DnsListenerGenerator.class, dns, () -> listener(dns));
  }

  private static Listener listener(DnsIr dns) {
    DnsTable.Builder table = DnsTable.newBuilder();
    dns.records().forEach((name, vip) -> table.addVirtualDomains(DnsTable.DnsVirtualDomain.newBuilder()
        .setName(name)
        .setEndpoint(DnsTable.DnsEndpoint.newBuilder().setAddressList(DnsTable.AddressList.newBuilder().addAddress(vip)))
        .setAnswerTtl(Duration.newBuilder().setSeconds(DnsIr.TTL_SECONDS))));
    DnsFilterConfig filter = DnsFilterConfig.newBuilder()
        .setStatPrefix("kuma_dns")
        .setServerConfig(DnsFilterConfig.ServerContextConfig.newBuilder().setInlineDnsTable(table))
        .build();
    return Listener.newBuilder()
        .setName(NAME)
        .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
            .setProtocol(SocketAddress.Protocol.UDP).setAddress(dns.address()).setPortValue(dns.port())))
        .setUdpListenerConfig(UdpListenerConfig.getDefaultInstance())
        .addListenerFilters(ListenerFilter.newBuilder().setName("envoy.filters.udp_listener.dns_filter")
            .setTypedConfig(Any.pack(filter)))
        .build();
  }
}
