/**
 * Operations staff can trigger from a chat platform (Discord slash commands). The composition root
 * implements this with the same services the admin API uses, so permissions and audit are shared.
 * `actor` is `<channel>:<platform user id>`; role checks happen in the adapter (it knows the roles).
 */
export interface StaffCommands {
  declareEmergency(input: { type: string; params: Record<string, string | number | boolean>; actor: string }): Promise<string>;
  liftEmergency(input: { type?: string; id?: string; actor: string }): Promise<string>;
  emergencyStatus(): Promise<string>;
  /** Answers a question the way an auto-reply would; returns the reply text or a handoff note. */
  askFaq(input: { text: string; actor: string }): Promise<string>;
  /** Queues a post on the given channels (or all when empty). */
  queuePost(input: { text: string; channels: string[]; actor: string }): Promise<string>;
}
