package dev.undo.domain;

/** The request is malformed or breaks a rule of the API. */
public final class InvalidRequestException extends DomainException {
  public InvalidRequestException(String message) {
    super(message);
  }
}
