import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../domain/errors.js';

export interface FetchOptions {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  etag?: string;
  lastModified?: string;
  /** Base for relative `file:` paths. */
  baseDir: string;
}

export type FetchResult =
  | { status: 'ok'; body: string; etag?: string; lastModified?: string; contentType?: string }
  | { status: 'not-modified' };

/**
 * Fetches a feed with a conditional GET, a timeout and a body size cap (the read stops at the
 * cap: a 50 MB answer costs 5 MB, not 50). `file:` URLs read a local file the same way, using its
 * modification time as Last-Modified.
 */
export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchResult> {
  if (url.startsWith('file:')) return readLocal(path.resolve(options.baseDir, url.slice(5)), options);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        'user-agent': options.userAgent,
        accept: 'application/geo+json, application/atom+xml, application/rss+xml, application/xml, application/json;q=0.9, */*;q=0.5',
        ...(options.etag === undefined ? {} : { 'if-none-match': options.etag }),
        ...(options.lastModified === undefined ? {} : { 'if-modified-since': options.lastModified }),
      },
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const timeout = (error as Error).name === 'TimeoutError';
    throw new AppError(timeout ? 'TIMEOUT' : 'NETWORK', timeout ? `no answer within ${options.timeoutMs} ms` : `cannot fetch: ${(error as Error).message}`, { cause: error });
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'not-modified' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError(response.status >= 500 || response.status === 429 ? 'PLATFORM_UNAVAILABLE' : 'REJECTED', `HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await response.body?.cancel();
    throw new AppError('INVALID_INPUT', `body of ${declared} bytes is over the ${options.maxBytes}-byte cap`);
  }
  const body = await readCapped(response, options.maxBytes);
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  const contentType = response.headers.get('content-type');
  return { status: 'ok', body, ...(etag === null ? {} : { etag }), ...(lastModified === null ? {} : { lastModified }), ...(contentType === null ? {} : { contentType }) };
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new AppError('INVALID_INPUT', `body is over the ${maxBytes}-byte cap`);
    }
    chunks.push(value);
  }
  // fatal: invalid UTF-8 is a bad document, not text with replacement characters.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError('INVALID_INPUT', 'body is not valid UTF-8');
  }
}

async function readLocal(file: string, options: FetchOptions): Promise<FetchResult> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw new AppError('NOT_FOUND', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const lastModified = stat.mtime.toUTCString();
  if (options.lastModified === lastModified) return { status: 'not-modified' };
  if (stat.size > options.maxBytes) throw new AppError('INVALID_INPUT', `file of ${stat.size} bytes is over the ${options.maxBytes}-byte cap`);
  // Same decoding as over HTTP: strict UTF-8, byte-order mark dropped (TextDecoder does that).
  let body: string;
  try {
    body = new TextDecoder('utf-8', { fatal: true }).decode(await fs.readFile(file));
  } catch {
    throw new AppError('INVALID_INPUT', 'file is not valid UTF-8');
  }
  return { status: 'ok', body, lastModified };
}
