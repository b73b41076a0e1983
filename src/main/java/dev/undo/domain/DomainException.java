package dev.undo.domain;

/**
 * A request the domain refuses. These are answers, not faults, so they carry no stack trace.
 */
public abstract class DomainException extends RuntimeException {
  protected DomainException(String message) {
    super(message, null, false, false);
  }
}
