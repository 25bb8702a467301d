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
}
