import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../bot-server/config/config';
import { createLogger } from '../bot-server/logging/logger';
import { type RunningDuban, startDuban } from '../bot-server/server';
import { copyDemoSqlite } from '../bot-server/test-support/demo-snapshot-file';

/** Debian's Chromium (`apt-get install chromium fonts-wqy-microhei`; .ci/run installs it). */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve(__dirname, '..', 'test-artifacts', 'miniapp');
const BUILT = resolve(__dirname, '..', 'miniapp', 'dist', 'index.html');

/** A phone: the iPhone SE/8 viewport DingTalk's H5 pages are checked at. */
export const PHONE = { width: 375, height: 667 };

export interface Demo {
  duban: RunningDuban;
  browser: Browser;
  close(): Promise<void>;
}

/** Today in Shanghai, moved by whole days, as YYYY-MM-DD, whatever the machine's zone. */
export function shanghaiDate(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The demo for the tests of one file: started before them, closed after them. Its fields are there once the file's
 * tests run.
 */
export function demoForThisFile(): Demo {
  const demo = {} as Demo;
  beforeAll(async () => {
    Object.assign(demo, await startDemo());
  });
  afterAll(async () => {
    await demo.close?.();
  });
  return demo;
}

/**
 * The demo as a person meets it: Duban in demo mode on a fresh SQLite file, serving the built mini-app, and headless
 * Chromium. Missing Chromium or a missing build fails loudly: these tests never skip.
 */
export async function startDemo(): Promise<Demo> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium fonts-wqy-microhei`);
  }
  if (!existsSync(BUILT)) throw new Error(`the mini-app is not built (${BUILT}): run npm run build:miniapp`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'duban-e2e-'));
  await copyDemoSqlite(join(dir, 'demo.sqlite'));
  const duban = await startDuban(
    { ...loadConfig({ PORT: '0' }), database: { type: 'sqlite', path: join(dir, 'demo.sqlite') } },
    createLogger('silent'),
  );
  const browser = await launchChromium();
  return {
    duban,
    browser,
    async close() {
      await browser.close();
      await duban.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with nothing reaching the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh phone-sized page (its own cookies and session storage); `errors` collects page errors and anything the
 * Content Security Policy blocked, for the tests to assert empty.
 */
export async function phone(demo: Demo): Promise<{ page: Page; errors: string[] }> {
  const context = await demo.browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'America/Los_Angeles',
    baseURL: demo.duban.url,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) errors.push(message.text());
  });
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** Signs in through the demo picker as `userId` and waits for the page it leads to. */
export async function signIn(page: Page, userId: string, path = '/m/todo'): Promise<void> {
  await page.goto(path);
  await page.waitForURL(/\/m\/signin/);
  await page.locator(`[data-user="${userId}"]`).click();
  await page.waitForURL((url) => url.pathname === path.split('?')[0]);
}
