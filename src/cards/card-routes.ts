import type { FastifyInstance } from 'fastify';

/** Reads a stored card: the PNG as base64, or undefined when unknown or already used. */
export type CardReader = (channel: string, id: string) => Promise<string | null | undefined>;

const CHANNEL = /^[a-z0-9][a-z0-9_-]*$/;
const CARD_FILE = /^([0-9a-f]{64})\.png$/;

/**
 * Serves image cards at `/cards/<channel>/<sha256>.png` for platforms that fetch media from a URL
 * (Instagram and Threads download `image_url` themselves). Names are content hashes, so a URL
 * cannot be guessed from the text and never changes meaning; cards live in the shared store, so
 * any instance behind the public URL can answer.
 */
export function registerCardRoutes(app: FastifyInstance, read: CardReader): void {
  app.get<{ Params: { channel: string; file: string } }>('/cards/:channel/:file', async (request, reply) => {
    const match = CARD_FILE.exec(request.params.file);
    if (!CHANNEL.test(request.params.channel) || match?.[1] === undefined) return reply.code(404).send({ error: 'not found' });
    const base64 = await read(request.params.channel, match[1]);
    if (base64 === undefined || base64 === null) return reply.code(404).send({ error: 'not found' });
    return reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=86400, immutable').send(Buffer.from(base64, 'base64'));
  });
}

/** The channel-state key a card is kept under (see `registerCardRoutes`). */
export function cardStateKey(id: string): string {
  return `card:${id}`;
}
