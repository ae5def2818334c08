package dev.atrium.dp.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ResolvConfTest {
  @Test
  void aKubeletsFileGivesItsClusterDns() {
    assertThat(ResolvConf.parse("""
        search default.svc.cluster.local svc.cluster.local cluster.local
        nameserver 10.96.0.10
        options ndots:5
        """)).containsExactly(new InetSocketAddress("10.96.0.10", 53));
  }

  @Test
  void namesCommentsAndZoneIndexesAreHandledAsGlibcDoes() {
    assertThat(ResolvConf.parse("""
        # nameserver 1.1.1.1
        nameserver dns.example.com
        nameserver fe80::1%eth0
        nameserver   192.0.2.53   # trailing words ignored
        nameserver
        """)).extracting(a -> a.getAddress().getHostAddress())
        .containsExactly("fe80:0:0:0:0:0:0:1", "192.0.2.53");
  }
}
