import type { Command } from 'commander';
import type { Env } from '../../config/env.js';
import { secretValues } from '../../config/env.js';
import { createLogger } from '../../logging/logger.js';
import { DEFAULT_DRAIN_MS, startService } from '../../main.js';

/** `civicast start`: runs the service until SIGTERM/SIGINT, then drains and exits 0. */
export function registerStart(program: Command, env: () => Env): void {
  program
    .command('start')
    .description('run the service: feeds, campaigns, schedules, replies, dispatcher and HTTP API')
    .option('--port <port>', 'HTTP port (overrides config http.port and HTTP_PORT)', (v) => Number(v))
    .option('--drain-seconds <n>', 'how long shutdown may take in all (in-flight sends drain within it; Docker kills after 10 s)', (v) => Number(v), DEFAULT_DRAIN_MS / 1000)
    .action(async (opts: { port?: number; drainSeconds: number }) => {
      const e = env();
      const logger = createLogger({ level: e.logLevel, pretty: e.logPretty, secrets: secretValues(e) });
      process.on('uncaughtException', (error) => {
        logger.fatal({ err: error }, 'uncaught exception');
        logger.flush();
        process.exit(1);
      });
      process.on('unhandledRejection', (reason) => {
        logger.fatal({ err: reason }, 'unhandled rejection');
        logger.flush();
        process.exit(1);
      });
      const running = await startService({ env: e, logger, ...(opts.port === undefined ? {} : { httpPort: opts.port }) });
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        running
          .close(opts.drainSeconds * 1000)
          .then(() => {
            logger.flush();
            process.exit(0);
          })
          .catch((error: unknown) => {
            logger.fatal({ err: error }, 'shutdown failed');
            logger.flush();
            process.exit(1);
          });
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}
