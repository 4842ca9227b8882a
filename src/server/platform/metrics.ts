/**
 * Counters kept by this process and shown at `GET /api/admin/metrics` in Prometheus' text format.
 * They start from zero when the process does; a scraper adds up processes and restarts.
 */
export class Metrics {
  readonly #counters = new Map<string, { help: string; value: number }>();

  counter(name: string, help: string): () => void {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad metric name ${name}`);
    const counter = this.#counters.get(name) ?? { help, value: 0 };
    this.#counters.set(name, counter);
    return () => {
      counter.value++;
    };
  }

  value(name: string): number {
    return this.#counters.get(name)?.value ?? 0;
  }

  /** The Prometheus text exposition of every counter. */
  text(): string {
    return [...this.#counters]
      .map(([name, c]) => `# HELP ${name} ${c.help}\n# TYPE ${name} counter\n${name} ${c.value}\n`)
      .join('');
  }
}
