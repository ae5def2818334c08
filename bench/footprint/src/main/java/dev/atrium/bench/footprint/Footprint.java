package dev.atrium.bench.footprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where one running service's memory is, read from outside it: /proc for RSS and threads, jcmd for the heap
 * (GC.heap_info) and the native categories (VM.native_memory summary; the process must run with NMT).
 */
record Footprint(long rssKiB, int threads, HeapInfo heap, NmtSummary nmt) {

  static Footprint of(long pid) {
    List<String> status = procStatus(pid);
    return new Footprint(field(status, "VmRSS:", pid), (int) field(status, "Threads:", pid),
        HeapInfo.parse(jcmd(pid, "GC.heap_info")), NmtSummary.parse(jcmd(pid, "VM.native_memory", "summary")));
  }

  private static List<String> procStatus(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/status (has the process exited?)", e);
    }
  }

  /** "VmRSS:\t  123456 kB" → 123456; "Threads:\t42" → 42. */
  private static long field(List<String> status, String name, long pid) {
    for (String line : status) {
      if (line.startsWith(name)) return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
    }
    throw new IllegalStateException("no " + name + " line in /proc/" + pid + "/status");
  }

  /** jcmd of the JDK the services run on (JvmOptions), which speaks to those JVMs. */
  private static String jcmd(long pid, String... command) {
    Path jcmd = dev.atrium.testing.process.JvmOptions.jdkTool("jcmd");
    if (!Files.isExecutable(jcmd)) throw new IllegalStateException(jcmd + " is missing: run the bench on a JDK, not a JRE");
    Path out = null;
    try {
      out = Files.createTempFile("atrium-bench-jcmd-", ".out");
      List<String> cmd = new java.util.ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
      cmd.addAll(List.of(command));
      // Through a file, so a hung jcmd cannot block a pipe read; bounded so it cannot hang the bench.
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("jcmd " + pid + " " + String.join(" ", command) + " did not answer in 30 s");
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + text);
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (out != null) out.toFile().delete();
    }
  }
}
