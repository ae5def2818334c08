package dev.atrium.xds.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class XdsMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final XdsMetrics metrics = new XdsMetrics(registry, () -> 0);

  @Test
  void aChangeOnItsWayToTheProxiesIsTimedPerStage() {
    metrics.changeReceived(Duration.ofMillis(3));
    metrics.reconciled(Duration.ofMillis(1), Duration.ofMillis(7));

    assertThat(stage("watch").count()).isEqualTo(1);
    assertThat(stage("watch").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
    assertThat(stage("queue").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1.0);
    assertThat(stage("reconcile").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
  }

  @Test
  void aStampFromAClockAheadOfOursIsNotRecordedAsANegativeTime() {
    metrics.changeReceived(Duration.ofMillis(-2));

    assertThat(stage("watch").count()).isZero();
  }

  private Timer stage(String stage) {
    return registry.get("atrium.xds.propagation").tag("stage", stage).timer();
  }
}
