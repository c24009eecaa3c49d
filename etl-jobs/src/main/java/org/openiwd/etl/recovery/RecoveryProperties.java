package org.openiwd.etl.recovery;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the heartbeat of running job executions and of the detector of dead ones.
 *
 * @param heartbeatInterval how often a process refreshes the heartbeat of each execution it runs
 * @param heartbeatTimeout age of the last heartbeat after which an execution counts as dead; at least three
 *     intervals, and longer than the database outages and pauses (GC, CPU starvation) a live process may meet
 * @param detectorEnabled whether this process looks for dead executions on a schedule (only where scheduling is
 *     enabled; the detector can always be called on demand)
 * @param detectorInterval how often the scheduled detector looks
 */
@Validated
@ConfigurationProperties("iwd.etl.recovery")
public record RecoveryProperties(
        @NotNull @DefaultValue("10s") Duration heartbeatInterval,
        @NotNull @DefaultValue("60s") Duration heartbeatTimeout,
        @DefaultValue("true") boolean detectorEnabled,
        @NotNull @DefaultValue("30s") Duration detectorInterval) {

    public RecoveryProperties {
        if (heartbeatInterval != null && heartbeatTimeout != null
                && heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("iwd.etl.recovery.heartbeat-timeout (" + heartbeatTimeout
                    + ") must be at least three heartbeat intervals (" + heartbeatInterval + ")");
        }
    }
}
