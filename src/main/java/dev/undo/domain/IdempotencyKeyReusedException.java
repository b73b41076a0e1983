package dev.undo.domain;

/** An Idempotency-Key that came before with another request; nothing was done. */
public final class IdempotencyKeyReusedException extends DomainException {
  public IdempotencyKeyReusedException(String message) {
    super(message);
  }
}
