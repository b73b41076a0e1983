package dev.undo.config;

import java.time.Duration;

/**
 * The change feed ({@code events.*}).
 *
 * @param retention how long events are kept before the purge drops their partition
 * @param pollInterval how often the one poller of a replica looks for events while readers wait
 */
public record EventsConfig(Duration retention, Duration pollInterval) {
  static EventsConfig from(ConfigSource source) {
    Duration retention = source.duration("UNDO_EVENTS_RETENTION", "events.retention", Duration.ofDays(7));
    Duration pollInterval = source.duration("UNDO_EVENTS_POLL_INTERVAL", "events.pollInterval", Duration.ofMillis(50));
    if (retention.compareTo(Duration.ofDays(1)) < 0) {
      throw new ConfigException("UNDO_EVENTS_RETENTION must be at least P1D (events are dropped a day's partition at a time), was "
          + retention);
    }
    if (pollInterval.toMillis() < 10 || pollInterval.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new ConfigException("UNDO_EVENTS_POLL_INTERVAL must be from PT0.01S to PT10S, was " + pollInterval);
    }
    return new EventsConfig(retention, pollInterval);
  }
}
