package dev.atrium.security.tls;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The names and addresses a self-signed server certificate should carry so clients on this machine
 * and its networks can verify it, as Kuma's generated control-plane certificate: the host name,
 * {@code localhost}, and every address of every interface that is up.
 */
public final class LocalAddresses {
  private LocalAddresses() {}

  public static List<String> dnsNames() {
    TreeSet<String> names = new TreeSet<>();
    names.add("localhost");
    try {
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      // no resolvable host name: localhost and the addresses still work
    }
    return List.copyOf(names);
  }

  public static List<String> ipAddresses() {
    TreeSet<String> ips = new TreeSet<>();
    ips.add("127.0.0.1");
    ips.add("::1");
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp()) continue;
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          String ip = address.getHostAddress();
          int zone = ip.indexOf('%');
          ips.add(zone < 0 ? ip : ip.substring(0, zone));
        }
      }
    } catch (SocketException e) {
      // loopback only
    }
    return List.copyOf(ips);
  }
}
