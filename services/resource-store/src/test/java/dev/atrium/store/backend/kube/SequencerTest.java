package dev.atrium.store.backend.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.store.backend.ResourceKey;
import dev.atrium.store.backend.RevisionCompactedException;
import dev.atrium.store.backend.StoreEvent;
import dev.atrium.store.backend.StoredResource;
import dev.atrium.store.backend.jdbc.EventRetention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ordering rules without an API server: two kinds, A and B, whose streams the tests interleave the
 * way two watches can. Revisions are etcd's: global, with gaps.
 */
class SequencerTest {
  private final List<String> resyncRequests = new ArrayList<>();
  private Sequencer sequencer;
  private long generationA;
  private long generationB;

  @BeforeEach
  void bothKindsListedAtTen() {
    sequencer = new Sequencer(new LinkedHashSet<>(List.of("A", "B")), new EventRetention(100, 10), new Sequencer.Hooks() {
      @Override public void resyncNeeded(String kind) { resyncRequests.add(kind); }
      @Override public void probeNeeded() {}
      @Override public void released() {}
    });
    generationA = sequencer.beginResync("A");
    generationB = sequencer.beginResync("B");
    sequencer.reset("A", generationA, 10, List.of(object("A", "a1", 7)));
    assertThat(sequencer.awaitReady(0)).as("nothing is released while B is being listed").isFalse();
    sequencer.reset("B", generationB, 10, List.of());
    assertThat(sequencer.awaitReady(0)).isTrue();
  }

  @Test
  void anEventWaitsUntilEveryKindHasConfirmedItsRevision() {
    sequencer.observed("A", generationA, object("A", "a2", 12), false);
    assertThat(sequencer.eventsAfter(10, 10)).as("B might still deliver 11").isEmpty();
    assertThat(sequencer.lagging()).containsExactly("B");

    sequencer.progress("B", generationB, 11); // a bookmark: not far enough
    assertThat(sequencer.eventsAfter(10, 10)).isEmpty();
    sequencer.observed("B", generationB, object("B", "b1", 15), false);
    assertThat(revisions(sequencer.eventsAfter(10, 10))).containsExactly(12L);
    assertThat(sequencer.lagging()).as("B@15 waits for A").containsExactly("A");

    sequencer.observed("A", generationA, object("A", "a3", 14), false);
    assertThat(revisions(sequencer.eventsAfter(10, 10))).containsExactly(12L, 14L);
    assertThat(sequencer.probed("A", 20, Map.of("a1", 7L, "a2", 12L, "a3", 14L))).isTrue();
    assertThat(revisions(sequencer.eventsAfter(10, 10))).containsExactly(12L, 14L, 15L);
    assertThat(sequencer.revision(0)).isEqualTo(15);
  }

  @Test
  void aProbeThatDoesNotMatchTheStreamConfirmsNothing() {
    sequencer.observed("A", generationA, object("A", "a2", 12), false);
    // B's list shows an object its watch has not delivered yet: B may still deliver an event below 12.
    assertThat(sequencer.probed("B", 20, Map.of("b1", 11L))).isFalse();
    assertThat(sequencer.eventsAfter(10, 10)).isEmpty();
    sequencer.observed("B", generationB, object("B", "b1", 11), false);
    assertThat(revisions(sequencer.eventsAfter(10, 10))).containsExactly(11L);
    assertThat(sequencer.probed("B", 20, Map.of("b1", 11L))).isTrue();
    assertThat(revisions(sequencer.eventsAfter(10, 10))).containsExactly(11L, 12L);
  }

  @Test
  void aLateEventMakesTheKindReListAndWatchersFromBeforeItReList() {
    sequencer.observed("A", generationA, object("A", "a2", 12), false);
    sequencer.probed("B", 20, Map.of()); // B looked idle up to 20...
    sequencer.probed("A", 20, Map.of("a1", 7L, "a2", 12L));
    assertThat(sequencer.revision(0)).isEqualTo(12);
    // ...but an object of B came and went at 16 and 17, and its watch delivers that now.
    sequencer.observed("B", generationB, object("B", "ghost", 16), false);
    assertThat(resyncRequests).containsExactly("B");
    assertThat(sequencer.get(key("B", "ghost"))).as("never released").isEmpty();

    long generation = sequencer.beginResync("B");
    sequencer.observed("B", generationB, object("B", "ghost", 17), true); // the old stream is void
    sequencer.reset("B", generation, 21, List.of(object("B", "b9", 21)));
    sequencer.probed("A", 21, Map.of("a1", 7L, "a2", 12L));
    assertThat(sequencer.revision(0)).isEqualTo(21);
    assertThatThrownBy(() -> sequencer.eventsAfter(12, 10)).isInstanceOfSatisfying(RevisionCompactedException.class,
        e -> assertThat(e.oldestAvailable()).isEqualTo(21));
    assertThat(sequencer.snapshot(Set.of(), 0).resources()).extracting(StoredResource::key)
        .containsExactly(key("A", "a1"), key("A", "a2"), key("B", "b9"));
  }

  @Test
  void aReListThatChangesStateAtTheReleasedRevisionMovesResumptionPastIt() {
    sequencer.probed("A", 20, Map.of("a1", 7L));
    sequencer.probed("B", 20, Map.of());
    assertThat(sequencer.revision(0)).as("released through 20, the last event is the list at 10").isEqualTo(10);
    long generation = sequencer.beginResync("B");
    // Listed at the released revision, with an object nobody was told about: a watcher there lacks it.
    sequencer.reset("B", generation, 20, List.of(object("B", "b1", 19)));
    assertThatThrownBy(() -> sequencer.revision(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sequencer.eventsAfter(20, 10)).isInstanceOf(RevisionCompactedException.class);
    sequencer.probed("A", 23, Map.of("a1", 7L));
    sequencer.probed("B", 23, Map.of("b1", 19L));
    assertThat(sequencer.revision(0)).isEqualTo(21);
    assertThat(sequencer.get(key("B", "b1"))).isPresent();
  }

  @Test
  void anInvalidObjectIsSkippedAndTheLastValidVersionStays() {
    sequencer.observed("A", generationA, new Observed("a1", 12, null, "spec.to: unknown field"), false);
    sequencer.probed("B", 20, Map.of());
    assertThat(sequencer.eventsAfter(10, 10)).isEmpty();
    assertThat(sequencer.get(key("A", "a1"))).get().extracting(StoredResource::version).isEqualTo(7L);
    // Its deletion still removes the resource it was.
    sequencer.observed("A", generationA, new Observed("a1", 13, null, "still invalid"), true);
    assertThat(sequencer.probed("A", 20, Map.of())).isTrue();
    assertThat(sequencer.eventsAfter(10, 10)).extracting(StoreEvent::type, e -> e.resource().version())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(StoreEvent.Type.DELETE, 7L));
  }

  @Test
  void aDeletionWaiterLearnsTheDeletionsRevision() throws Exception {
    var deletion = sequencer.expectDeletion("A", "a1");
    sequencer.observed("A", generationA, object("A", "a1", 13), true);
    assertThat(deletion.get()).isEqualTo(13);
  }

  private static List<Long> revisions(List<StoreEvent> events) {
    return events.stream().map(StoreEvent::revision).toList();
  }

  private static ResourceKey key(String kind, String name) {
    return new ResourceKey(kind, "default", name);
  }

  private static Observed object(String kind, String name, long revision) {
    Instant t = Instant.ofEpochSecond(revision);
    return new Observed(name, revision, new StoredResource(key(kind, name), revision, t, t, Map.of(), "{}"), null);
  }
}
