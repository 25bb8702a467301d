import { z } from 'zod';

/** Input pieces several commands share. */
export const paramValue = z.union([z.string().max(500), z.number(), z.boolean()]);
export const emergencyParams = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'letters, digits and _'), paramValue).refine((p) => Object.keys(p).length <= 50, 'at most 50 parameters');
export const id = z.string().min(1).max(300);
export const reason = z.string().max(500).optional();
export const channelNames = z.array(z.string().min(1).max(100)).min(1, 'choose at least one channel').max(100);
/** Epoch milliseconds. */
export const epoch = z.number().int().positive();
export const postText = z.string().trim().min(1, 'write the post text').max(10_000);
export const userName = z.string().regex(/^[a-z0-9._-]{2,40}$/, 'a lower-case login name (2 to 40 of a-z 0-9 . _ -)');
export const chatIds = z.array(z.string().regex(/^[a-z][a-z0-9-]{0,30}:[A-Za-z0-9_.-]{1,64}$/, 'a chat member as <channel kind>:<member id>')).max(10).default([]);
