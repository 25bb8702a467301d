import type { FeedFormat } from '../../../src/feeds/feed-item.js';

export interface ParseRequest {
  id: number;
  body: string;
  format: FeedFormat;
}

/** What parseFeed + classifyItem did with one document (worker → test). */
export type ParseOutcome =
  | { kind: 'error'; ms: number; isError: boolean; isAppError: boolean; code: string | null; name: string; message: string; poisonsNext?: boolean }
  | {
      kind: 'items';
      ms: number;
      count: number;
      /** Items whose id is not a string (sample). */
      badIds: string[];
      /** Items whose id is '' (sample): they all collide on the same feed-seen key. */
      emptyIds: string[];
      badShape: string[];
      classifyThrows: string[];
      /** Contents of /etc/passwd leaked into an item. */
      xxe: boolean;
      classified: Record<string, number>;
      /** After this document, a document with an XML error was accepted: the shared parser kept state. */
      poisonsNext?: boolean;
    }
  /** Did not answer within the budget: the worker was terminated. */
  | { kind: 'hang'; ms: number }
  /** The worker died (native stack overflow, out of memory…). */
  | { kind: 'crash'; ms: number; message: string };
