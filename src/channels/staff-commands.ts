/**
 * Operations staff can trigger from a chat platform (Discord slash commands). The composition
 * root implements this on the staff layer (`src/staff/`), the same door the console and the admin
 * API use, so roles, the two-person rule and the audit entry are decided there.
 *
 * `actor` is the platform identity as the adapter saw it, `<channel name>:<platform user id>`;
 * the staff layer maps it to the staff user it is linked to (`staff.users[].chatIds`) and acts
 * with that user's role. A member linked to no staff user is refused, whatever their chat roles.
 */
export interface StaffCommands {
  declareEmergency(input: { type: string; params: Record<string, string | number | boolean>; actor: string }): Promise<string>;
  liftEmergency(input: { type?: string; id?: string; actor: string }): Promise<string>;
  emergencyStatus(): Promise<string>;
  /** Answers a question the way an auto-reply would; returns the reply text or a handoff note. */
  askFaq(input: { text: string; actor: string }): Promise<string>;
  /** Queues a post on the given channels (or all when empty); it may wait for a second person. */
  queuePost(input: { text: string; channels: string[]; actor: string }): Promise<string>;
}
