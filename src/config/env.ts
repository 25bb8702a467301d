import path from 'node:path';
import dotenv from 'dotenv';
import { ConfigError, type ConfigProblem } from './config-error.js';

/** Where the embedded store keeps its file when STATE_DIR is unset, relative to the working directory. */
export const DEFAULT_STATE_DIR = 'var/state';
/** STATE_DIR value for an embedded store that lives and dies with the process (tools, tests). */
export const IN_MEMORY_STATE = ':memory:';
/** Default bound on one store call (STORE_TIMEOUT_MS). */
export const DEFAULT_STORE_TIMEOUT_MS = 1_000;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * Everything the service reads from the environment. This file is the only reader of
 * `process.env`; everything below receives this object.
 */
export interface Env {
  configDir: string;
  /** The embedded store's directory (absolute), or `:memory:`. */
  stateDir: string;
  /** True when STATE_DIR was not set and `stateDir` is the default. */
  stateDirIsDefault: boolean;
  /** SQLITE_SYNCHRONOUS: NORMAL (default: survives any crash of the process) or FULL (also a power cut; slower). */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  redisUrl: string | undefined;
  redisPrefix: string;
  /** Longest one store call may take (STORE_TIMEOUT_MS). */
  storeTimeoutMs: number;
  adminToken: string | undefined;
  httpHost: string | undefined;
  httpPort: number | undefined;
  logLevel: string;
  /** Human-readable logs; defaults to on when stdout is a terminal. */
  logPretty: boolean;
  instanceId: string | undefined;
  /** Secrets by variable name, for channel adapters. */
  secrets: Readonly<Record<string, string>>;
  /** Where the CLI finds a running service. */
  serviceUrl: string | undefined;
  /** The CLI's personal or service-account API token (`civicast token create`); acts as its owner. */
  staffToken: string | undefined;
  nodeEnv: string;
}

/** Credential variables (secrets and account identifiers): handed to channel adapters, redacted in logs. */
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|KEY|PASS|CLIENT_ID|IDENTIFIER)$/;

export interface ReadEnvOptions {
  /** Load `.env` from the working directory first (the CLI and `start` do; tests do not). */
  loadDotenv?: boolean;
}

/**
 * Reads and checks the environment. A variable that does not parse stops everything with its
 * name, its value (unless secret) and what was expected, before anything is started: a typo in
 * HTTP_PORT must not let the service post and then fail on the port.
 */
export function readEnv(source: NodeJS.ProcessEnv = process.env, options: ReadEnvOptions = {}): Env {
  let fromFile: Record<string, string> = {};
  if (options.loadDotenv === true) fromFile = dotenv.config({ quiet: true, processEnv: source as Record<string, string> }).parsed ?? {};
  const get = (name: string): string | undefined => {
    const value = source[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const problems: ConfigProblem[] = [];
  const problem = (name: string, message: string) => {
    const value = get(name) ?? '';
    problems.push({ file: fromFile[name] === value ? '.env' : 'environment', path: name, message: `${JSON.stringify(value)} is not ${message}` });
  };
  const integer = (name: string, min: number, max: number, what: string): number | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      problem(name, what);
      return undefined;
    }
    return value;
  };
  const url = (name: string, protocols: string[], what: string): string | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    try {
      if (protocols.includes(new URL(raw).protocol)) return raw;
    } catch {
      // reported below
    }
    problem(name, what);
    return undefined;
  };
  const oneOf = (name: string, allowed: string[]): string | undefined => {
    const raw = get(name);
    if (raw === undefined || allowed.includes(raw)) return raw;
    problem(name, `one of ${allowed.join(', ')}`);
    return undefined;
  };

  const httpPort = integer('HTTP_PORT', 0, 65_535, 'a port number (0 to 65535)');
  const storeTimeoutMs = integer('STORE_TIMEOUT_MS', 100, 120_000, 'a time in milliseconds (100 to 120000)');
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:'], 'a Redis URL such as redis://127.0.0.1:6379/0');
  const serviceUrl = url('CIVICAST_URL', ['http:', 'https:'], 'an http(s) URL such as https://civicast.city.gov');
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS);
  const logFormat = oneOf('LOG_FORMAT', ['pretty', 'json']);
  const sqliteSynchronous = oneOf('SQLITE_SYNCHRONOUS', ['NORMAL', 'FULL']) as 'NORMAL' | 'FULL' | undefined;
  const stateDir = get('STATE_DIR');
  if (problems.length > 0) throw new ConfigError(problems);

  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && value !== '' && SECRET_NAME.test(name)) secrets[name] = value;
  }
  return {
    configDir: path.resolve(get('CIVICAST_CONFIG_DIR') ?? 'config'),
    stateDir: stateDir === IN_MEMORY_STATE ? IN_MEMORY_STATE : path.resolve(stateDir ?? DEFAULT_STATE_DIR),
    stateDirIsDefault: stateDir === undefined,
    sqliteSynchronous: sqliteSynchronous ?? 'NORMAL',
    redisUrl,
    redisPrefix: get('REDIS_PREFIX') ?? 'civicast:',
    storeTimeoutMs: storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
    adminToken: get('ADMIN_TOKEN'),
    httpHost: get('HTTP_HOST'),
    httpPort,
    logLevel: logLevel ?? 'info',
    logPretty: logFormat === undefined ? process.stdout.isTTY === true : logFormat === 'pretty',
    instanceId: get('INSTANCE_ID'),
    secrets,
    serviceUrl,
    staffToken: get('CIVICAST_TOKEN'),
    nodeEnv: get('NODE_ENV') ?? 'development',
  };
}

/** All secret values, for log redaction. */
export function secretValues(env: Env): string[] {
  const values = Object.values(env.secrets);
  if (env.adminToken !== undefined) values.push(env.adminToken);
  return values;
}
