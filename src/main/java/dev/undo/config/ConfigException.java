package dev.undo.config;

/** The configuration cannot be used; the message says which key and why, in one line. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  /** A server that cannot bind its port: most often another process has it, so name the port and its setting. */
  public static ConfigException cannotListen(String host, int port, String setting, Throwable cause) {
    return new ConfigException("cannot listen on " + host + ":" + port + " (" + setting + "): " + cause.getMessage());
  }
}
