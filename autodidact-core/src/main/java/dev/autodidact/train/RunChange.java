package dev.autodidact.train;

/**
 * A deliberate change to a run while resuming it, recorded in every later checkpoint's
 * {@code trainer.json} so the run's history stays honest.
 *
 * @param step the step at which the run was resumed with the change
 * @param kind {@code data} ({@code --allow-data-change}) or {@code extend} ({@code --extend})
 * @param from what it was
 * @param to what it became
 */
public record RunChange(long step, String kind, String from, String to) {}
