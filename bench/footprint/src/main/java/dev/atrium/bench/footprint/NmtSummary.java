package dev.atrium.bench.footprint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jcmd <pid> VM.native_memory summary} (the JVM started with {@code -XX:NativeMemoryTracking=summary}):
 * the total and each category's committed KiB. Categories under 1 KiB are omitted by the JVM and read as 0.
 */
record NmtSummary(long totalCommittedKiB, Map<String, Long> committedKiB, long metadataCommittedKiB,
    long classSpaceCommittedKiB) {
  // JDK 25 reports metaspace inside the Class category: "(  Metadata:   )" then "(    reserved=65536KB, committed=36096KB)",
  // and the same under "(  Class space:)"; -1 when absent (JDK 17, whose GC.heap_info has them instead).
  private static final Pattern METADATA = Pattern.compile("\\(\\s*Metadata:\\s*\\)\\s*\\(\\s*reserved=\\d+KB, committed=(\\d+)KB\\)");
  private static final Pattern CLASS_SPACE = Pattern.compile("\\(\\s*Class space:\\s*\\)\\s*\\(\\s*reserved=\\d+KB, committed=(\\d+)KB\\)");
  // "Total: reserved=1662697KB, committed=53117KB"
  private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB", Pattern.MULTILINE);
  // "-                      Code (reserved=247872KB, committed=7732KB)"
  private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);

  /** The category where code cache lives. */
  static final String CODE = "Code";
  /** Where direct ByteBuffers (Unsafe.allocateMemory) and so Netty's direct arenas land. */
  static final String OTHER = "Other";
  /** NMT's own bookkeeping: what turning it on added, to subtract from the total. */
  static final String TRACKING = "Native Memory Tracking";

  /** Fails, quoting the output, when there is no summary in it (NMT off: "Native memory tracking is not enabled"). */
  static NmtSummary parse(String output) {
    Matcher t = TOTAL.matcher(output);
    if (!t.find()) throw new IllegalArgumentException("no NMT total in VM.native_memory summary (is NMT on?):\n" + output);
    Map<String, Long> categories = new LinkedHashMap<>();
    Matcher c = CATEGORY.matcher(output);
    while (c.find()) categories.put(c.group(1).trim(), Long.parseLong(c.group(3)));
    if (!categories.containsKey(TRACKING)) {
      throw new IllegalArgumentException("no '" + TRACKING + "' category in VM.native_memory summary:\n" + output);
    }
    return new NmtSummary(Long.parseLong(t.group(2)), Map.copyOf(categories), group(METADATA, output), group(CLASS_SPACE, output));
  }

  private static long group(Pattern p, String output) {
    Matcher m = p.matcher(output);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  long committedKiB(String category) {
    return committedKiB.getOrDefault(category, 0L);
  }
}
