import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../../src/staff/users/password.js';
import { createLogger } from '../../../src/logging/logger.js';
import { startService, type RunningService } from '../../../src/main.js';
import { makeTestConfig, testEnv } from '../../support/test-config.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from '../../support/browser.js';

export const USERS = {
  mia: 'manager',
  vic: 'viewer',
  ada: 'admin',
  cal: 'comms',
  cora: 'comms',
} as const;
export type UserName = keyof typeof USERS;
export const passwordOf = (name: string): string => `pw-${name}-correct-horse`;

export interface ConsoleHarness {
  svc: RunningService;
  app: FastifyInstance;
  base: string;
  close(): Promise<void>;
}

/** A real service with staff users; the console is served by the service's own app. */
export async function startConsole(staff: { twoPersonRule?: boolean; loginAttemptsPer15Min?: number } = {}, extraConfig: Record<string, string> = {}, service: { faqDir?: string } = {}): Promise<ConsoleHarness> {
  const users = await Promise.all(Object.entries(USERS).map(async ([name, role]) => `    - { name: ${name}, role: ${role}, passwordHash: "${await hashPassword(passwordOf(name))}" }`));
  const yaml = ['staff:', '  secureCookies: false', `  twoPersonRule: ${staff.twoPersonRule ?? true}`, `  loginAttemptsPer15Min: ${staff.loginAttemptsPer15Min ?? 1000}`, '  users:', ...users, ''].join('\n');
  const { dir, configDir } = makeTestConfig({ 'staff.yaml': yaml, ...extraConfig });
  const logger = createLogger({ level: 'silent' });
  const svc = await startService({ env: testEnv(configDir, { ADMIN_TOKEN: 'console-test-token-0123456789' }), logger, runtimeDir: `${dir}/run`, ...service });
  const app = svc.app;
  if (app === undefined || svc.url === undefined) throw new Error('the service has no HTTP app');
  return {
    svc,
    app,
    base: svc.url,
    async close() {
      await svc.close();
    },
  };
}

/** A minimal cookie-keeping HTTP client: what a browser sends, without a browser. */
export class FormClient {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  /** `forwardedFor`: the client address a reverse proxy would report (X-Forwarded-For). */
  constructor(
    private readonly base: string,
    readonly forwardedFor?: string,
  ) {}

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair === undefined || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(this.forwardedFor === undefined ? {} : { 'x-forwarded-for': this.forwardedFor }) };
  }

  async get(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const response = await fetch(this.base + path, { headers: this.headers(), redirect: 'manual' });
    this.remember(response);
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token !== undefined) this.csrf = token;
    return { status: response.status, html, location: response.headers.get('location') };
  }

  async post(path: string, form: Record<string, string | string[]>, options: { csrf?: string | null } = {}): Promise<{ status: number; html: string; location: string | null }> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== null) body.set('_csrf', csrf);
    const response = await fetch(this.base + path, { method: 'POST', headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
    this.remember(response);
    return { status: response.status, html: await response.text(), location: response.headers.get('location') };
  }

  /** Signs in; returns the status of the sign-in POST (303 on success). */
  async login(name: string, password = passwordOf(name)): Promise<{ status: number; html: string }> {
    await this.get('/console/login');
    const result = await this.post('/console/login', { username: name, password });
    if (result.status === 303) await this.get('/console');
    return result;
  }
}

/** Signs a staff user in through the real form (in a fresh browser context) and waits for the dashboard. */
export async function signIn(browser: Browser, base: string, name: string, viewport = { width: 390, height: 844 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(`${base}/console`);
  await expect.poll(() => page.url()).toContain('/console/login');
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(passwordOf(name));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
  return page;
}

/**
 * A console service and a browser for the tests of one `describe`: started before its first test,
 * closed after its last. Read `h` and `browser` inside the tests (they exist once started).
 */
export function consoleInBrowser(start: () => Promise<ConsoleHarness> = () => startConsole()): { readonly h: ConsoleHarness; readonly browser: Browser } {
  let h: ConsoleHarness | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    h = await start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started yet: read it inside a test`);
    return value;
  };
  return {
    get h() {
      return started(h, 'console service');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}
