package dev.atrium.bench.footprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Golden input: VM.native_memory summary of a JDK 17 JVM with -XX:NativeMemoryTracking=summary, recorded as jcmd printed it. */
class NmtSummaryTest {
  @Test
  void readsTotalAndTheCategoriesTheBenchPrints() throws IOException {
    NmtSummary nmt = NmtSummary.parse(HeapInfoTest.resource("vm-native-memory-summary.txt"));
    assertEquals(53117, nmt.totalCommittedKiB());
    assertEquals(7732, nmt.committedKiB(NmtSummary.CODE));
    assertEquals(10, nmt.committedKiB(NmtSummary.OTHER));
    assertEquals(989, nmt.committedKiB(NmtSummary.TRACKING));
    assertEquals(16384, nmt.committedKiB("Java Heap"));
    assertEquals(0, nmt.committedKiB("No Such Category"));
  }

  @Test
  void nmtOffIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> NmtSummary.parse("12345:\nNative memory tracking is not enabled\n"));
  }

  @Test
  void readsJdk25MetaspaceFromTheClassCategory() throws IOException {
    NmtSummary nmt = NmtSummary.parse(HeapInfoTest.resource("vm-native-memory-summary-jdk25.txt"));
    assertEquals(129602, nmt.totalCommittedKiB());
    assertEquals(11433, nmt.committedKiB(NmtSummary.CODE));
    assertEquals(2536, nmt.committedKiB(NmtSummary.TRACKING));
    assertEquals(33536, nmt.metadataCommittedKiB());
    assertEquals(5056, nmt.classSpaceCommittedKiB());
  }
}
