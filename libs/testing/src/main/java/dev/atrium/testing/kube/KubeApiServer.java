package dev.atrium.testing.kube;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private Kubernetes API server for one test class: a real etcd and a real kube-apiserver (the
 * release {@code .ci/install-k8s.sh} builds, see {@link KubeBinaries}) on free 127.0.0.1 ports, no
 * kubelet, scheduler or controller-manager. Everything lives in one temp directory: etcd's data,
 * the certificates (made with openssl: a CA, the serving certificate for 127.0.0.1, an admin client
 * certificate in group {@code system:masters}, the service-account signing key), the logs and a
 * kubeconfig for the admin. {@link #close()} stops both processes (and anything they started) and
 * deletes the directory.
 *
 * <p>What the server runs with: RBAC authorization (anonymous requests reach only the public
 * health and version endpoints), the default admission plugins except {@code ServiceAccount} (there
 * is no controller-manager to create each namespace's {@code default} service account, so with it
 * no pod could be created), service IPs from {@code 10.0.0.0/24}, and no reconciled endpoints for
 * the {@code kubernetes} service (its address is loopback, which Endpoints refuse). It issues
 * service-account tokens (TokenRequest, {@link #serviceAccountToken}) signed with its own key, under
 * the issuer {@code https://kubernetes.default.svc.cluster.local} (also the default audience), and
 * authenticates them, TokenReview included.
 *
 * <p>Never skipped: without the binaries, {@link #start()} fails and names {@code .ci/install-k8s.sh};
 * without openssl, it names {@code .ci/install-tools.sh}.
 *
 * <p>{@link #newClient()} needs fabric8 {@code kubernetes-client} on the test's class path; this
 * module declares it optional, so a module that uses it declares it too (or has it through
 * {@code quarkus-kubernetes-client}).
 */
public final class KubeApiServer implements AutoCloseable {
  private static final String OPENSSL_HINT = "run .ci/install-tools.sh (installs openssl)";
  private static final String SERVICE_CLUSTER_IP_RANGE = "10.0.0.0/24";
  private static final int START_ATTEMPTS = 3;
  private static final Duration ETCD_START_TIMEOUT = Duration.ofSeconds(60);
  // kube-apiserver builds its whole API (CRDs, aggregation, RBAC bootstrap) before /readyz says ok:
  // a few seconds on an idle machine, much more on 2 cores shared with other test JVMs.
  private static final Duration APISERVER_START_TIMEOUT = Duration.ofSeconds(180);

  private final KubeBinaries binaries;
  private final Path dir;
  private final int port;
  private final int etcdPort;
  private final List<Process> processes = new ArrayList<>();
  private final Thread shutdownHook;
  private SSLContext adminSsl;
  private SSLContext anonymousSsl;

  private KubeApiServer(KubeBinaries binaries, Path dir, int port, int etcdPort) {
    this.binaries = binaries;
    this.dir = dir;
    this.port = port;
    this.etcdPort = etcdPort;
    this.shutdownHook = new Thread(this::stop, "kube-apiserver-stop");
  }

  /** Starts etcd and kube-apiserver and waits until {@code /readyz} answers ok; the caller closes it. */
  public static KubeApiServer start() {
    return start(List.of());
  }

  /**
   * Like {@link #start()}, with more kube-apiserver flags ({@code --feature-gates=...},
   * {@code --runtime-config=...}); a flag given here is appended after the defaults.
   */
  public static KubeApiServer start(List<String> extraApiServerFlags) {
    KubeBinaries binaries = KubeBinaries.locate();
    Path dir = createDir();
    try {
      Certificates.create(dir.resolve("pki"));
      IllegalStateException last = null;
      // Free ports are only free until someone else binds them: on a lost race, try new ones.
      for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
        KubeApiServer server = new KubeApiServer(binaries, dir, freePort(), freePort());
        try {
          server.startProcesses(extraApiServerFlags);
          return server;
        } catch (IllegalStateException e) {
          server.stopProcesses();
          last = e;
          if (!e.getMessage().contains("address already in use")) throw e;
          deleteTree(dir.resolve("etcd"));
        }
      }
      throw last;
    } catch (RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  /** {@code https://127.0.0.1:<port>} */
  public String url() {
    return "https://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** etcd's client URL, {@code http://127.0.0.1:<port>} (plain HTTP, loopback only). */
  public String etcdUrl() {
    return "http://127.0.0.1:" + etcdPort;
  }

  /** A kubeconfig whose current context is the admin ({@code system:masters}), credentials inline. */
  public Path kubeconfig() {
    return dir.resolve("kubeconfig");
  }

  /** The CA that signed the serving and client certificates (PEM). */
  public Path caCertificate() {
    return dir.resolve("pki/ca.crt");
  }

  /** kube-apiserver's and etcd's output. */
  public Path apiServerLog() {
    return dir.resolve("kube-apiserver.log");
  }

  public Path etcdLog() {
    return dir.resolve("etcd.log");
  }

  public KubeBinaries binaries() {
    return binaries;
  }

  /** Runs the matching kubectl against this server as the admin; its stdout, or fails with its output. */
  public String kubectl(String... args) {
    KubectlResult result = runKubectl(args);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " exited with " + result.exitCode()
          + "\nstdout:\n" + result.stdout() + "\nstderr:\n" + result.stderr());
    }
    return result.stdout();
  }

  /**
   * A service-account token from the TokenRequest API ({@code kubectl create token}), signed with this
   * server's service-account key and valid for an hour; with {@code boundPod}, bound to that Pod (it
   * stops authenticating once the Pod is gone). The service account must exist.
   */
  public String serviceAccountToken(String namespace, String serviceAccount, String boundPod) {
    List<String> args = new ArrayList<>(List.of("create", "token", serviceAccount, "-n", namespace, "--duration=1h"));
    if (boundPod != null) args.addAll(List.of("--bound-object-kind=Pod", "--bound-object-name=" + boundPod));
    return kubectl(args.toArray(String[]::new)).trim();
  }

  /**
   * Writes a kubeconfig to {@code file} that authenticates as {@code namespace/serviceAccount} with a
   * fresh token (two hours), so a process runs with exactly the RBAC that service account has.
   */
  public Path serviceAccountKubeconfig(String namespace, String serviceAccount, Path file) {
    String token = kubectl("create", "token", serviceAccount, "-n", namespace, "--duration=2h").trim();
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: atrium-test
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: atrium-test
          context:
            cluster: atrium-test
            user: %s
        current-context: atrium-test
        """.formatted(url(), base64(caCertificate()), serviceAccount, token, serviceAccount);
    try {
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the matching kubectl against this server as the admin, whatever its exit code. */
  public KubectlResult runKubectl(String... args) {
    return runKubectl(kubeconfig(), args);
  }

  /** Runs the matching kubectl with another kubeconfig (another user, say), whatever its exit code. */
  public KubectlResult runKubectl(Path kubeconfig, String... args) {
    List<String> command = new ArrayList<>(List.of(binaries.kubectl().toString(),
        "--kubeconfig=" + kubeconfig, "--cache-dir=" + dir.resolve("kubectl-cache")));
    command.addAll(List.of(args));
    Path stderrFile = null;
    try {
      stderrFile = Files.createTempFile(dir, "kubectl-", ".err");
      ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderrFile.toFile());
      pb.environment().remove("KUBECONFIG");
      Process process = pb.start();
      process.getOutputStream().close();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new KubectlResult(process.exitValue(), stdout, Files.readString(stderrFile));
    } catch (IOException e) {
      throw new UncheckedIOException("kubectl could not be run (" + binaries.kubectl() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while kubectl ran", e);
    } finally {
      if (stderrFile != null) {
        try {
          Files.deleteIfExists(stderrFile);
        } catch (IOException ignored) {
          // the directory goes on close
        }
      }
    }
  }

  /** What one kubectl run printed. */
  public record KubectlResult(int exitCode, String stdout, String stderr) {}

  /**
   * A JDK HTTP client that trusts the server's CA and presents the admin's client certificate.
   * HTTP/1.1, like {@link #anonymousHttpClient()}.
   */
  public HttpClient adminHttpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(adminSsl())
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * A JDK HTTP client that trusts the server's CA and presents no credentials at all. HTTP/1.1: over
   * HTTP/2 the apiserver closes the connection with a GOAWAY (NO_ERROR) right after each
   * unauthenticated request, and JDK 17's HTTP/2 client (17.0.15 here) fails that request with
   * "IOException: GOAWAY received" instead of returning the answer (requests with the admin's client
   * certificate work over HTTP/2 too).
   */
  public HttpClient anonymousHttpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(anonymousSsl())
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * A new fabric8 client for the admin kubeconfig; the caller closes it. Needs
   * {@code io.fabric8:kubernetes-client} (and an HTTP client implementation for it) on the class path.
   */
  public io.fabric8.kubernetes.client.KubernetesClient newClient() {
    return Fabric8Clients.forKubeconfig(kubeconfig());
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      return; // the hook is running and stops the servers
    }
    stop();
  }

  private void startProcesses(List<String> extraApiServerFlags) {
    Path pki = dir.resolve("pki");
    String peerUrl = "http://127.0.0.1:" + freePort();
    // etcd: one member, its peer URL on loopback too (a single member never uses it, but etcd
    // always listens there, and its default is localhost:2380, which parallel tests would share).
    Process etcd = launch("etcd", List.of(binaries.etcd().toString(),
        "--name=atrium-test",
        "--data-dir=" + dir.resolve("etcd"),
        "--listen-client-urls=" + etcdUrl(),
        "--advertise-client-urls=" + etcdUrl(),
        "--listen-peer-urls=" + peerUrl,
        "--initial-advertise-peer-urls=" + peerUrl,
        "--initial-cluster=atrium-test=" + peerUrl,
        "--initial-cluster-state=new",
        "--unsafe-no-fsync=true", // test data never needs to survive a crash of the machine
        "--log-level=warn"), etcdLog());
    awaitEtcd(etcd);

    List<String> command = new ArrayList<>(List.of(binaries.kubeApiServer().toString(),
        "--etcd-servers=" + etcdUrl(),
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + port,
        "--cert-dir=" + dir.resolve("apiserver-certs"),
        "--tls-cert-file=" + pki.resolve("server.crt"),
        "--tls-private-key-file=" + pki.resolve("server.key"),
        "--client-ca-file=" + pki.resolve("ca.crt"),
        "--authorization-mode=RBAC",
        "--service-cluster-ip-range=" + SERVICE_CLUSTER_IP_RANGE,
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=" + pki.resolve("sa.pub"),
        "--service-account-signing-key-file=" + pki.resolve("sa.key"),
        "--disable-admission-plugins=ServiceAccount",
        "--endpoint-reconciler-type=none",
        "--allow-privileged=true",
        "--profiling=false"));
    command.addAll(extraApiServerFlags);
    Process apiServer = launch("kube-apiserver", command, apiServerLog());
    awaitReady(apiServer);
    writeKubeconfig();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  private Process launch(String name, List<String> command, Path log) {
    try {
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .directory(dir.toFile())
          .start();
      process.getOutputStream().close();
      processes.add(process);
      return process;
    } catch (IOException e) {
      throw new IllegalStateException(name + " could not be started (" + command.get(0) + "): "
          + KubeBinaries.INSTALL_HINT, e);
    }
  }

  private void awaitEtcd(Process etcd) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create(etcdUrl() + "/health")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + ETCD_START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!etcd.isAlive()) {
        throw new IllegalStateException("etcd exited with " + etcd.exitValue() + ":\n" + tail(etcdLog()));
      }
      try {
        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"health\":\"true\"")) return;
        last = response.statusCode() + " " + response.body();
      } catch (ConnectException | HttpTimeoutException notYet) {
        last = notYet.toString();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for etcd", e);
      }
      sleep(100);
    }
    throw new IllegalStateException("etcd not healthy after " + ETCD_START_TIMEOUT.toSeconds() + " s (last: " + last
        + "):\n" + tail(etcdLog()));
  }

  /** Anonymous requests may read /readyz (RBAC's system:public-info-viewer), so no credentials needed. */
  private void awaitReady(Process apiServer) {
    HttpClient http = anonymousHttpClient();
    HttpRequest readyz = HttpRequest.newBuilder(URI.create(url() + "/readyz")).timeout(Duration.ofSeconds(10)).build();
    long deadline = System.nanoTime() + APISERVER_START_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!apiServer.isAlive()) {
        throw new IllegalStateException("kube-apiserver exited with " + apiServer.exitValue() + ":\n"
            + tail(apiServerLog()));
      }
      try {
        HttpResponse<String> response = http.send(readyz, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) return;
        last = response.statusCode() + " " + response.body();
      } catch (IOException notYet) {
        last = notYet.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for kube-apiserver", e);
      }
      sleep(250);
    }
    throw new IllegalStateException("kube-apiserver not ready after " + APISERVER_START_TIMEOUT.toSeconds()
        + " s (last /readyz: " + last + "):\n" + tail(apiServerLog()));
  }

  private void writeKubeconfig() {
    Path pki = dir.resolve("pki");
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: atrium-test
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: atrium-admin
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: atrium-test
          context:
            cluster: atrium-test
            user: atrium-admin
        current-context: atrium-test
        """.formatted(url(), base64(pki.resolve("ca.crt")), base64(pki.resolve("admin.crt")),
        base64(pki.resolve("admin.key")));
    try {
      Files.writeString(kubeconfig(), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized SSLContext adminSsl() {
    if (adminSsl == null) adminSsl = sslContext(true);
    return adminSsl;
  }

  private synchronized SSLContext anonymousSsl() {
    if (anonymousSsl == null) anonymousSsl = sslContext(false);
    return anonymousSsl;
  }

  private SSLContext sslContext(boolean withClientCertificate) {
    Path pki = dir.resolve("pki");
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      Certificate ca = x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pki.resolve("ca.crt"))));
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (withClientCertificate) {
        Certificate cert = x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pki.resolve("admin.crt"))));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(pki.resolve("admin.key"))));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = "atrium".toCharArray();
        keys.setKeyEntry("admin", key, password, new Certificate[] {cert, ca});
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
      }
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ssl;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the test certificates from " + pki, e);
    }
  }

  private void stop() {
    try {
      stopProcesses();
    } finally {
      deleteTree(dir);
    }
  }

  /** kube-apiserver first (it would complain about a vanished etcd), each with whatever it started. */
  private void stopProcesses() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      List<ProcessHandle> children = process.descendants().toList();
      try {
        process.destroy(); // SIGTERM: both shut down cleanly and quickly on it
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      } finally {
        children.forEach(ProcessHandle::destroyForcibly);
      }
    }
    processes.clear();
  }

  private static String base64(Path file) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] pem(Path file) throws IOException {
    String text = Files.readString(file);
    String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static Path createDir() {
    try {
      return Files.createTempDirectory("atrium-kube-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kubernetes test directory", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("KubeApiServer: could not delete " + dir + ": " + e.getMessage());
    }
  }

  /** The openssl commands that make the test PKI; RSA throughout (every client reads it). */
  static final class Certificates {
    private Certificates() {}

    private static final String CONFIG = """
        [req]
        distinguished_name = dn
        prompt = no
        [dn]
        CN = unused
        [ca]
        basicConstraints = critical,CA:TRUE
        keyUsage = critical,keyCertSign,cRLSign,digitalSignature
        subjectKeyIdentifier = hash
        [serving]
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature,keyEncipherment
        extendedKeyUsage = serverAuth
        authorityKeyIdentifier = keyid
        subjectAltName = IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.0.0.1
        [client]
        basicConstraints = critical,CA:FALSE
        keyUsage = critical,digitalSignature,keyEncipherment
        extendedKeyUsage = clientAuth
        authorityKeyIdentifier = keyid
        """;

    static void create(Path pki) {
      try {
        Files.createDirectories(pki);
        Files.writeString(pki.resolve("openssl.cnf"), CONFIG);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String cnf = pki.resolve("openssl.cnf").toString();
      for (String key : List.of("ca", "server", "admin", "sa")) {
        openssl(pki, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key + ".key");
      }
      openssl(pki, "req", "-x509", "-new", "-config", cnf, "-extensions", "ca", "-key", "ca.key",
          "-subj", "/CN=atrium-test-ca", "-days", "7", "-out", "ca.crt");
      sign(pki, cnf, "server", "/CN=kube-apiserver", "serving");
      // O=system:masters: the group RBAC lets do everything, without any binding.
      sign(pki, cnf, "admin", "/O=system:masters/CN=atrium-admin", "client");
      openssl(pki, "pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub");
    }

    private static void sign(Path pki, String cnf, String name, String subject, String extensions) {
      openssl(pki, "req", "-new", "-config", cnf, "-key", name + ".key", "-subj", subject, "-out", name + ".csr");
      openssl(pki, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
          "-days", "7", "-extfile", cnf, "-extensions", extensions, "-out", name + ".crt");
    }

    private static void openssl(Path workDir, String... args) {
      List<String> command = new ArrayList<>();
      command.add("openssl");
      command.addAll(List.of(args));
      try {
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
      } catch (IOException e) {
        throw new IllegalStateException("openssl could not be run: " + OPENSSL_HINT, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while openssl ran", e);
      }
    }
  }
}
