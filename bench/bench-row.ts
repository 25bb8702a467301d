/** One row of the benchmark table printed by `npm run bench` and written to docs/benchmarks.md. */
export interface BenchRow {
  name: string;
  value: string;
  note?: string;
}
