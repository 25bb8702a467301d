import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Channel, WebRequest } from './channel.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * The public endpoints channels offer (`Channel.web`): `/media/<channel>/<file>` for media a
 * platform downloads from us (Instagram fetches each image card), and `/hooks/<channel>` for
 * platforms that push events (signed webhooks). The routes know no platform: they find the
 * channel by name and hand the request over; an unknown channel or file is a plain 404, and
 * nothing from the request is echoed back.
 */
export async function registerChannelWebRoutes(app: FastifyInstance, channels: () => ReadonlyMap<string, Channel>): Promise<void> {
  await app.register(async (scope) => {
    // Signatures are computed over the exact bytes sent: keep every body raw in this scope.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    const channelOf = (name: string): Channel | undefined => (NAME.test(name) ? channels().get(name) : undefined);

    scope.get<{ Params: { channel: string; file: string } }>('/media/:channel/:file', async (request, reply) => {
      const media = FILE.test(request.params.file) ? channelOf(request.params.channel)?.web?.media : undefined;
      const found = await media?.(request.params.file);
      if (found === undefined) return reply.code(404).type('text/plain').send('not found');
      return reply.header('content-type', found.contentType).header('cache-control', 'public, max-age=86400, immutable').send(found.body);
    });

    const hook = async (request: FastifyRequest<{ Params: { channel: string } }>, reply: FastifyReply) => {
      const webhook = channelOf(request.params.channel)?.web?.webhook;
      if (webhook === undefined) return reply.code(404).type('text/plain').send('not found');
      const answer = await webhook(toWebRequest(request));
      return reply.code(answer.status).type(answer.contentType ?? 'text/plain').send(answer.body ?? '');
    };
    scope.get('/hooks/:channel', hook);
    scope.post('/hooks/:channel', hook);
  });
}

function toWebRequest(request: FastifyRequest): WebRequest {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') query[key] = first;
  }
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(request.headers)) headers[key.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  return { method: request.method === 'POST' ? 'POST' : 'GET', query, headers, rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0) };
}
