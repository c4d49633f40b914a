package io.tuneloop.telemetry.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DynamicConfigurationTest {

  @Test
  void secretValuesAreNeverHeldButTheirNamesAre() {
    DynamicConfiguration config =
        new DynamicConfiguration(
            Set.of("brokerClientAuthenticationParameters", "dispatcherMaxReadBatchSize"),
            Map.of("brokerClientAuthenticationParameters", "token:abc"),
            Map.of(
                "brokerClientAuthenticationParameters", "token:abc",
                "dispatcherMaxReadBatchSize", "100"));

    assertThat(config.names()).contains("brokerClientAuthenticationParameters");
    assertThat(config.overrides()).isEmpty();
    assertThat(config.values()).containsOnlyKeys("dispatcherMaxReadBatchSize");
    assertThat(config.toString()).doesNotContain("abc");
    assertThat(DynamicConfiguration.isSecret("subscriptionKeySharedEnable")).isFalse();
    assertThat(DynamicConfiguration.isSecret("tlsKeyStorePassword")).isTrue();
  }

  @Test
  void anOverrideOfAnUnknownNameIsRefused() {
    assertThatThrownBy(() -> new DynamicConfiguration(Set.of("a"), Map.of("b", "1"), Map.of()))
        .hasMessageContaining("override b is not among the 1 dynamic setting names");
  }

  @Test
  void namespaceTotalsSumTheTopics() {
    NamespaceTopicStats stats =
        new NamespaceTopicStats(
            "public/default",
            List.of(
                new TopicLoad("t1", 10, 20, 1000, 2000, 100, 5000, 3, 300, 1, 2, 2),
                new TopicLoad("t2", 30, 0, 3000, 0, 100, 7000, 4, 400, 2, 1, 0)),
            5,
            true);

    assertThat(stats.msgRateIn()).isEqualTo(40);
    assertThat(stats.throughputIn()).isEqualTo(4000);
    assertThat(stats.averageMsgSize()).isEqualTo(100);
    assertThat(stats.backlogMessages()).isEqualTo(7);
    assertThat(stats.producers()).isEqualTo(3);
    assertThat(stats.consumers()).isEqualTo(2);
    assertThatThrownBy(() -> new NamespaceTopicStats("public/default", stats.topics(), 1, false))
        .hasMessageContaining("topicsListed=1 is below the 2 topics read");
  }

  @Test
  void resourceUseWithoutALimitHasNoFraction() {
    assertThat(new ResourceUse(50, 200).fraction()).isEqualTo(0.25);
    assertThat(new ResourceUse(50, -1000).fraction()).isNaN();
    assertThatThrownBy(
            () ->
                new BrokerLoad(
                    "b",
                    new ResourceUse(1, 1),
                    new ResourceUse(1, 1),
                    new ResourceUse(1, 1),
                    new ResourceUse(1, 1),
                    new ResourceUse(1, 1),
                    0,
                    0,
                    0,
                    0,
                    -1,
                    0,
                    0,
                    0,
                    Instant.now(),
                    "4.0.7"))
        .hasMessageContaining("topics=-1");
  }
}
