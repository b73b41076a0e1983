package dev.undo.domain;

import java.time.Instant;

/** An open undo window: the token that undoes the deletion and the instant the window closes. */
public record UndoOffer(String token, Instant expiresAt) {}
