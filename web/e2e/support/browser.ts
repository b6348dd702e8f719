import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const screenshotDir = resolve(import.meta.dirname, '..', 'screenshots');

/** Debian's Chromium (apt-get install chromium), headless. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
