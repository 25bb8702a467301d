import { z } from 'zod';
import { id } from './schemas.js';

/** Input pieces of the FAQ learning commands. */
export const topicId = z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a topic id such as parking.towed');
export const locale = z.string().regex(/^[a-z]{2,3}$/, 'a language code such as en');
/** Inbox items a learning action came from (a theme's items). */
export const itemIds = z.array(id).max(500).default([]);
