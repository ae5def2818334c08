package dev.atrium.testing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** What the figures were measured on, printed above the table so they are never quoted without it. */
public final class Machine {
  private Machine() {}

  public static String describe() {
    long memKiB = firstNumber(read("/proc/meminfo"), "MemTotal:");
    return String.join("\n",
        "- date: " + ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        "- cpu: " + cpuModel() + ", nproc " + Runtime.getRuntime().availableProcessors(),
        "- memory: " + (memKiB < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", memKiB / 1024.0 / 1024.0)),
        "- os: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        "- java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        // The benchmark, the services and their databases share these cores: anything else running skews the figures.
        "- load average at start (1/5/15 min): " + loadAverage());
  }

  private static String cpuModel() {
    for (String line : read("/proc/cpuinfo")) {
      if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
    }
    return "unknown";
  }

  private static String loadAverage() {
    List<String> lines = read("/proc/loadavg");
    if (lines.isEmpty()) return "unknown";
    String[] fields = lines.get(0).split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  private static long firstNumber(List<String> lines, String prefix) {
    for (String line : lines) {
      if (line.startsWith(prefix)) return Long.parseLong(line.substring(prefix.length()).replace("kB", "").trim());
    }
    return -1;
  }

  private static List<String> read(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      return List.of(); // not Linux: the header says "unknown"
    }
  }
}
