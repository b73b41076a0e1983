package dev.undo.ops;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether the service should get traffic: false until start-up has finished, and again once it drains. */
public final class Readiness {
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();

  public void started() {
    started.set(true);
  }

  public void draining() {
    draining.set(true);
  }

  public boolean isStarted() {
    return started.get();
  }

  public boolean isDraining() {
    return draining.get();
  }
}
