package dev.atrium.dp.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The nameservers of a resolv.conf, where the relay sends what the data plane does not answer — the
 * file the application would have used without the redirect (on Kubernetes the kubelet writes it with
 * the cluster DNS). Only {@code nameserver} lines with a literal address count, as in glibc; port 53.
 */
public final class ResolvConf {
  public static final Path DEFAULT = Path.of("/etc/resolv.conf");
  private static final int DNS_PORT = 53;

  private ResolvConf() {}

  public static List<InetSocketAddress> nameservers(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  static List<InetSocketAddress> parse(String text) {
    List<InetSocketAddress> servers = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] words = line.strip().split("\\s+");
      if (words.length < 2 || !words[0].equals("nameserver")) continue;
      String address = words[1].replaceFirst("%.*$", ""); // an IPv6 zone index is not Java's to parse
      if (!isLiteral(address)) continue;
      try {
        servers.add(new InetSocketAddress(InetAddress.getByName(address), DNS_PORT));
      } catch (UnknownHostException notAnAddress) {
        // skipped, as glibc skips it
      }
    }
    return List.copyOf(servers);
  }

  // getByName would look a name up; a nameserver line holds an address, never a name.
  private static boolean isLiteral(String address) {
    return address.matches("[0-9.]+") || (address.contains(":") && address.matches("[0-9a-fA-F:.]+"));
  }
}
