package dev.atrium.bench.xds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a process costs, read from outside it: CPU time from /proc (Linux) and live heap via jcmd. */
final class ProcStats {
  private static final Pattern GENERATION = Pattern.compile("(?:generation|DefNew|Tenured)\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

  private ProcStats() {}

  /** utime + stime of the process in clock ticks: fields 14 and 15 of /proc/pid/stat. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // The command name (field 2) may contain spaces: count fields from after its closing ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
    }
  }

  /**
   * Waits until every process has used at most {@code maxTicks} clock ticks of CPU in one window of
   * {@code windowMs} (work left over from an earlier phase has drained), for at most {@code timeoutMs}.
   * Returns the milliseconds until the start of that quiet window, or -1 if it never came.
   */
  static long awaitQuiet(List<Long> pids, long windowMs, long maxTicks, long timeoutMs) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeoutMs * 1_000_000;
    long[] last = new long[pids.size()];
    for (int i = 0; i < last.length; i++) last[i] = cpuTicks(pids.get(i));
    while (System.nanoTime() < deadline) {
      long windowStart = System.nanoTime();
      Thread.sleep(windowMs);
      boolean quiet = true;
      for (int i = 0; i < last.length; i++) {
        long now = cpuTicks(pids.get(i));
        if (now - last[i] > maxTicks) quiet = false;
        last[i] = now;
      }
      if (quiet) return (windowStart - start) / 1_000_000;
    }
    return -1;
  }

  /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on Linux when getconf is missing. */
  static long clockTicks() {
    List<String> out = run(List.of("getconf", "CLK_TCK"));
    try {
      return out.isEmpty() ? 100 : Long.parseLong(out.get(0).trim());
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  /**
   * Heap in use right after a full GC (jcmd GC.run, then GC.heap_info; young + old generations of the
   * serial collector: "def new generation"/"tenured generation" on JDK 17, "DefNew"/"Tenured" on 25), in KiB; -1 when jcmd is unavailable or answers something else. The GC is a
   * side effect: take it after the RSS figures it could change.
   */
  static long liveHeapKiB(long pid) {
    String jcmd = dev.atrium.testing.process.JvmOptions.jdkTool("jcmd").toString();
    if (!Files.isExecutable(Path.of(jcmd))) return -1;
    run(List.of(jcmd, String.valueOf(pid), "GC.run"));
    long used = 0;
    boolean found = false;
    for (String line : run(List.of(jcmd, String.valueOf(pid), "GC.heap_info"))) {
      Matcher m = GENERATION.matcher(line);
      if (m.find()) {
        used += Long.parseLong(m.group(2));
        found = true;
      }
    }
    return found ? used : -1;
  }

  /** {@code jcmd GC.class_histogram} (which collects first), as printed; "" when jcmd is unavailable. */
  static String classHistogram(long pid) {
    String jcmd = dev.atrium.testing.process.JvmOptions.jdkTool("jcmd").toString();
    if (!Files.isExecutable(Path.of(jcmd))) return "";
    return String.join("\n", run(List.of(jcmd, String.valueOf(pid), "GC.class_histogram")));
  }

  /** The {@code top} classes whose bytes grew most between two histograms, as "class +KiB" pairs. */
  static String histogramGrowth(String before, String after, int top) {
    java.util.Map<String, Long> bytesBefore = histogramBytes(before);
    return histogramBytes(after).entrySet().stream()
        .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - bytesBefore.getOrDefault(e.getKey(), 0L)))
        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .map(e -> "`" + e.getKey() + "` " + String.format(java.util.Locale.ROOT, "%+.1f KiB (%+d objects)", e.getValue() / 1024.0,
            histogramColumn(after, 1).getOrDefault(e.getKey(), 0L) - histogramColumn(before, 1).getOrDefault(e.getKey(), 0L)))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static java.util.Map<String, Long> histogramBytes(String histogram) {
    return histogramColumn(histogram, 2);
  }

  /** Per class, column 1 (instances) or 2 (bytes) of a class histogram. */
  private static java.util.Map<String, Long> histogramColumn(String histogram, int column) {
    java.util.Map<String, Long> values = new java.util.HashMap<>();
    for (String line : histogram.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].endsWith(":")) values.merge(f[3], Long.parseLong(f[column]), Long::sum);
    }
    return values;
  }

  /** Runs a short command with a deadline; its output goes through a file so a hung command cannot block the read. */
  private static List<String> run(List<String> command) {
    Path out = null;
    try {
      out = Files.createTempFile("atrium-bench-cmd-", ".out");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of();
      }
      return p.exitValue() == 0 ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } finally {
      if (out != null) out.toFile().delete();
    }
  }
}
