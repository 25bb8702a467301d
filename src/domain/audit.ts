/** One line of the append-only audit log: who did what, when, and where. */
export interface AuditEntry {
  at: number;
  /** `user:<name>`, `system`, `feed:<id>`, `dispatcher:<instance>`, `cli`. */
  actor: string;
  action: string;
  /** What it was done to: a post id, emergency id, channel, schedule id. */
  target?: string;
  /** Channel or surface where it happened. */
  where?: string;
  detail?: Readonly<Record<string, unknown>>;
}
