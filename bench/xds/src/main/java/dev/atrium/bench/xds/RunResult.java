package dev.atrium.bench.xds;

/**
 * Everything measured for one N. Memory in KiB; heap figures are -1 when jcmd was not available.
 * {@code failure} is non-null when the run stopped early; the figures gathered before that are kept
 * (zero or null where not reached).
 */
record RunResult(
    Topology topology,
    int channels,
    double registerSeconds,
    double convergeMs,
    long settleMs,
    ChangeRun.Result changes,
    BroadcastRun.Result broadcasts,
    long rssIdleKiB,
    long rssConvergedKiB,
    long heapIdleKiB,
    long heapConvergedKiB,
    double xdsCpuPercent,
    double storeCpuPercent,
    long idlePushes,
    long storeRssKiB,
    String xdsFlags,
    String failure) {

  double rssPerProxyKiB() {
    return (rssConvergedKiB - rssIdleKiB) / (double) topology.proxies();
  }

  double heapPerProxyKiB() {
    return heapIdleKiB < 0 || heapConvergedKiB < 0 ? Double.NaN
        : (heapConvergedKiB - heapIdleKiB) / (double) topology.proxies();
  }

  /** Collects figures as the run reaches them, so a failure still reports what was measured. */
  static final class Builder {
    Topology topology;
    int channels;
    double registerSeconds = Double.NaN;
    double convergeMs = Double.NaN;
    long settleMs = Long.MIN_VALUE; // -1: never quiet
    ChangeRun.Result changes;
    BroadcastRun.Result broadcasts;
    long rssIdleKiB = -1;
    long rssConvergedKiB = -1;
    long heapIdleKiB = -1;
    long heapConvergedKiB = -1;
    double xdsCpuPercent = Double.NaN;
    double storeCpuPercent = Double.NaN;
    long idlePushes = -1;
    long storeRssKiB = -1;
    String xdsFlags = "";

    RunResult build(String failure) {
      return new RunResult(topology, channels, registerSeconds, convergeMs, settleMs, changes, broadcasts, rssIdleKiB, rssConvergedKiB,
          heapIdleKiB, heapConvergedKiB, xdsCpuPercent, storeCpuPercent, idlePushes, storeRssKiB, xdsFlags, failure);
    }
  }
}
