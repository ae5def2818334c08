package dev.atrium.testing.kube;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where kube-apiserver, etcd and kubectl are: the cache {@code .ci/install-k8s.sh} builds them into,
 * {@code ${ATRIUM_TOOLS_CACHE:-$HOME/.cache/atrium}/k8s/v<K8S_VERSION>/}, or the directory named by
 * {@code $ATRIUM_K8S_BIN}. Not PATH: a kubectl found there (this machine has one) is of another
 * release than the apiserver.
 *
 * <p>Never a reason to skip a test: when a binary is missing, {@link #locate()} fails and names the
 * script that builds them.
 */
public final class KubeBinaries {
  /** The Kubernetes release {@code .ci/install-k8s.sh} builds; keep the two in step. */
  public static final String K8S_VERSION = "1.34.4";
  /** The etcd release {@code .ci/install-k8s.sh} builds; keep the two in step. */
  public static final String ETCD_VERSION = "3.6.16";
  public static final String ENV = "ATRIUM_K8S_BIN";
  static final String INSTALL_HINT = "run .ci/install-k8s.sh (or .ci/install-tools.sh, which calls it): it builds"
      + " kube-apiserver, kubectl v" + K8S_VERSION + " and etcd " + ETCD_VERSION + " from the Go module proxy";
  private static final List<String> REQUIRED = List.of("kube-apiserver", "etcd", "kubectl");

  private final Path dir;

  private KubeBinaries(Path dir) {
    this.dir = dir;
  }

  public static KubeBinaries locate() {
    String fromEnv = System.getenv(ENV);
    Path dir = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : cacheDir();
    List<String> missing = REQUIRED.stream().filter(b -> !Files.isExecutable(dir.resolve(b))).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("Kubernetes test binaries " + missing + " not found in " + dir
          + (fromEnv != null && !fromEnv.isBlank() ? " ($" + ENV + ")" : "") + ": " + INSTALL_HINT);
    }
    return new KubeBinaries(dir);
  }

  /** {@code ${ATRIUM_TOOLS_CACHE:-$HOME/.cache/atrium}/k8s/v<K8S_VERSION>} */
  public static Path cacheDir() {
    String cache = System.getenv("ATRIUM_TOOLS_CACHE");
    Path root = cache != null && !cache.isBlank()
        ? Path.of(cache)
        : Path.of(System.getProperty("user.home"), ".cache", "atrium");
    return root.resolve("k8s").resolve("v" + K8S_VERSION);
  }

  public Path dir() {
    return dir;
  }

  public Path kubeApiServer() {
    return dir.resolve("kube-apiserver");
  }

  public Path etcd() {
    return dir.resolve("etcd");
  }

  public Path kubectl() {
    return dir.resolve("kubectl");
  }
}
