import { CommanderError } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { readEnv, type Env } from '../config/env.js';
import { isAppError } from '../domain/errors.js';
import { buildProgram } from './program.js';

let cached: Env | undefined;
const env = (): Env => (cached ??= readEnv(process.env, { loadDotenv: true }));
const program = await buildProgram(env);

// `civicast preview snow | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`civicast: ${isAppError(error) ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
