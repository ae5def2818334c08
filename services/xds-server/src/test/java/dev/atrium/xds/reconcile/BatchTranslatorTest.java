package dev.atrium.xds.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A batch's proxies are translated on several threads but published in batch order, a failing proxy
 * fails alone, and the publishing thread is the caller's: what the reconciler's single-thread state
 * (certificates, dependency index, snapshot cache) relies on.
 */
class BatchTranslatorTest {

  @Test
  void outcomesArriveInBatchOrderOnTheCallersThreadWhateverTheTranslationTimes() {
    List<Integer> items = IntStream.range(0, 200).boxed().toList();
    List<Integer> published = new ArrayList<>();
    Set<String> translatingThreads = ConcurrentHashMap.newKeySet();
    Thread caller = Thread.currentThread();
    try (BatchTranslator translator = new BatchTranslator(3)) {
      translator.forEachInOrder(items, i -> {
        translatingThreads.add(Thread.currentThread().getName());
        sleepMicros((199 - i) % 7 * 300L); // later items often finish first
        return i * 10;
      }, (i, outcome) -> {
        assertThat(Thread.currentThread()).isSameAs(caller);
        assertThat(outcome.value()).isEqualTo(i * 10);
        published.add(i);
      });
    }
    assertThat(published).isEqualTo(items);
    assertThat(translatingThreads).allMatch(n -> n.startsWith("atrium-translate-")).hasSizeGreaterThan(1);
  }

  @Test
  void aFailingTranslationIsReportedForItsItemOnlyAndTheBatchGoesOn() {
    List<String> seen = new ArrayList<>();
    try (BatchTranslator translator = new BatchTranslator(2)) {
      translator.forEachInOrder(List.of("a", "bad", "c"), s -> {
        if (s.equals("bad")) throw new IllegalStateException("no config for " + s);
        return s.toUpperCase();
      }, (s, outcome) -> seen.add(s + "=" + (outcome.error() != null ? outcome.error().getMessage() : outcome.value())));
    }
    assertThat(seen).containsExactly("a=A", "bad=no config for bad", "c=C");
  }

  @Test
  void aBatchOfOneIsTranslatedOnTheCallersThread() {
    Thread caller = Thread.currentThread();
    List<Thread> translatedOn = new ArrayList<>();
    try (BatchTranslator translator = new BatchTranslator(2)) {
      translator.forEachInOrder(List.of("only"), s -> {
        translatedOn.add(Thread.currentThread());
        return s;
      }, (s, outcome) -> assertThat(outcome.value()).isEqualTo("only"));
    }
    assertThat(translatedOn).containsExactly(caller);
  }

  private static void sleepMicros(long micros) {
    try {
      Thread.sleep(micros / 1000, (int) (micros % 1000) * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
