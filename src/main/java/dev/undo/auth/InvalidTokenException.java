package dev.undo.auth;

/** A token that is malformed, expired, not yet valid, badly signed, or lacks what the service needs of it. */
public final class InvalidTokenException extends RuntimeException {
  public InvalidTokenException(String message) {
    super(message, null, false, false);
  }
}
