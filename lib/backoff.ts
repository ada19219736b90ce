// Exponential back-off with "equal jitter": half of each delay fixed, half random, so many
// clients (watches, log streams, browser tabs) that lost the same server do not come back in
// lockstep. One formula for all of them.
export function backoffDelay(attempt: number, bounds: { minMs: number; maxMs: number }, random: () => number = Math.random): number {
  const base = Math.min(bounds.maxMs, bounds.minMs * 2 ** Math.min(attempt, 30));
  return base / 2 + random() * (base / 2);
}
