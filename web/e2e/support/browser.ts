import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * What a run writes (screenshots, tti.json): an ignored folder, so a run never changes tracked
 * files. `e2e/screenshots/` and `e2e/tti.json` are the committed copies the READMEs show;
 * `npm run test:e2e:docs -w web` refreshes them from the last run.
 */
export const outputDir = resolve(import.meta.dirname, '..', 'output');
export const screenshotDir = join(outputDir, 'screenshots');
export const ttiFile = join(outputDir, 'tti.json');

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium binary, checked before anything is started: without it the tests would only
 * fail once the whole system is up, with playwright's message about a missing executable.
 */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      `The browser tests need Chromium, and there is none at ${path}` +
        `${process.env.CHROMIUM_PATH ? ' (CHROMIUM_PATH)' : ''}. ` +
        'Install it with `apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a ' +
        'Chromium or Chrome binary.',
    );
  }
  return path;
}

/** Debian's Chromium (apt-get install chromium), headless. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // The outside world does not resolve: everything must come from the gateway.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
}

/**
 * A context that can only reach `allowedOrigin`: any other request is aborted and recorded, so a
 * test can assert that nothing (fonts, CDN scripts, workers) came from the outside.
 */
export async function isolatedContext(
  browser: Browser,
  allowedOrigin: string,
  viewport = { width: 1200, height: 800 },
) {
  const context = await browser.newContext({ viewport });
  const blocked: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(allowedOrigin) || url.startsWith('data:') || url.startsWith('blob:')) {
      await route.continue();
    } else {
      blocked.push(url);
      await route.abort('internetdisconnected');
    }
  });
  return { context, blocked };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${username}`).waitFor();
}

/** Resolves once the page's graphql-ws socket has an acknowledged connection and a subscription. */
export function subscriptionStarted(page: Page): Promise<void> {
  return new Promise((resolvePromise) => {
    page.on('websocket', (socket) => {
      let acked = false;
      socket.on('framereceived', ({ payload }) => {
        if (String(payload).includes('"connection_ack"')) acked = true;
      });
      socket.on('framesent', ({ payload }) => {
        if (acked && String(payload).includes('"subscribe"')) resolvePromise();
      });
    });
  });
}

export type { Browser, BrowserContext, Page };
