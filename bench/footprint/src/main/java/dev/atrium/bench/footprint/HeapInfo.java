package dev.atrium.bench.footprint;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code jcmd <pid> GC.heap_info} says under the serial collector (the services' flags): the young
 * ({@code def new generation} on JDK 17, {@code DefNew} on 25) and old ({@code tenured generation} /
 * {@code Tenured}) generations summed, and the metaspace lines where the JDK prints them (17; on 25 they
 * come from NMT, {@link NmtSummary}: -1 here). Read as is, no GC forced first: the figure is what the
 * process holds, garbage included.
 */
record HeapInfo(long usedKiB, long committedKiB, long metaspaceUsedKiB, long metaspaceCommittedKiB,
    long classSpaceCommittedKiB) {
  // " def new generation   total 4928K, used 880K [...]" and " tenured generation   total 10944K, used 3247K [...]"
  private static final Pattern GENERATION = Pattern.compile("(?:generation|DefNew|Tenured)\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
  // " Metaspace       used 8929K, committed 9088K, reserved 1114112K"
  private static final Pattern METASPACE = Pattern.compile("^\\s*Metaspace\\s+used\\s+(\\d+)K,\\s+committed\\s+(\\d+)K", Pattern.MULTILINE);
  // "  class space    used 1062K, committed 1152K, reserved 1048576K"
  private static final Pattern CLASS_SPACE = Pattern.compile("^\\s*class space\\s+used\\s+(\\d+)K,\\s+committed\\s+(\\d+)K", Pattern.MULTILINE);

  /** Fails, quoting the output, when it is not what the serial collector prints (another collector, a jcmd error). */
  static HeapInfo parse(String output) {
    Matcher g = GENERATION.matcher(output);
    long used = 0;
    long committed = 0;
    int generations = 0;
    while (g.find()) {
      committed += Long.parseLong(g.group(1));
      used += Long.parseLong(g.group(2));
      generations++;
    }
    if (generations != 2) {
      throw new IllegalArgumentException("expected the serial collector's two generations in GC.heap_info, found "
          + generations + ":\n" + output);
    }
    Matcher m = METASPACE.matcher(output);
    Matcher c = CLASS_SPACE.matcher(output);
    if (!m.find() || !c.find()) return new HeapInfo(used, committed, -1, -1, -1);
    return new HeapInfo(used, committed, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(c.group(2)));
  }
}
