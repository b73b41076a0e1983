package dev.undo.domain;

/** The item is not in a state that allows the request (e.g. undo of an item that is not deleted). */
public final class StateConflictException extends DomainException {
  public StateConflictException(String message) {
    super(message);
  }
}
