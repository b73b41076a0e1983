package dev.undo.config;

/** The management port: {@code /metrics}, {@code /health/live}, {@code /health/ready} ({@code management.*}). */
public record ManagementConfig(String host, int port) {
  static ManagementConfig from(ConfigSource source) {
    return new ManagementConfig(
        source.string("UNDO_MANAGEMENT_HOST", "management.host", "0.0.0.0"),
        source.port("UNDO_MANAGEMENT_PORT", "management.port", 9090));
  }
}
