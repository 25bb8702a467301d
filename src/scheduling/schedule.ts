import type { Priority } from '../domain/post.js';

/** A recurring post, from config or created at run time (stored in the `schedules` collection). */
export interface Schedule {
  id: string;
  cron: string;
  timeZone: string;
  /** Channel or group names. */
  channels: string[];
  text: string;
  locale?: string;
  priority: Priority;
  origin: 'config' | 'runtime';
  createdBy: string;
  createdAt: number;
  /** Two-person rule: nothing is posted until someone other than the author approves it. */
  awaitingApproval?: boolean;
  /** No occurrence before this time (epoch ms): a repeat that starts next week. */
  startsAt?: number;
}
