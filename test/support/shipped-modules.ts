import path from 'node:path';
import pino from 'pino';
import { loadModules, type Modules } from '../../src/app/load-modules.js';
import { loadConfig } from '../../src/config/load-config.js';

/** The FAQ, playbooks and templates exactly as shipped (config/, faq/, templates/), without a service. */
export async function loadShippedModules(): Promise<Modules> {
  const configDir = path.resolve('config');
  return loadModules({ configDir, config: loadConfig(configDir).config, logger: pino({ level: 'silent' }) });
}
