// Closed-loop load: a number of clients, each doing one thing after another as fast as it can.

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/**
 * `clients` loops calling `attempt` for `seconds` (after `warmUp` calls one at a time); counts
 * the successes per second and their latency. `attempt` answers whether it succeeded.
 */
export async function runClients(
  clients: number,
  seconds: number,
  attempt: () => Promise<boolean>,
  warmUp = 50,
): Promise<LoadResult> {
  for (let i = 0; i < warmUp; i++) await attempt();
  const times: number[] = [];
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        if (await attempt()) times.push(performance.now() - t);
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - began) / 1000;
  times.sort((a, b) => a - b);
  return {
    perSecond: times.length / elapsed,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    failed,
  };
}
