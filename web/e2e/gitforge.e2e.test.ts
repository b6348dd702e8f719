import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumPath,
  isolatedContext,
  launchChromium,
  screenshot,
  signIn,
  subscriptionStarted,
  ttiFile,
  type Browser,
  type BrowserContext,
  type Page,
} from './support/browser';
import {
  createGithostUser,
  sessionToken,
  startSystem,
  type RunningSystem,
} from './support/startSystem';
import { untilSubscribed } from './support/liveEvents';
import { measureTimeToInteractive } from './support/timeToInteractive';

/**
 * The production build served by the running system (supervisor → gateway serves web/dist),
 * driven in headless Chromium. The steps build on each other, so they run in order.
 */
let system: RunningSystem;
let browser: Browser;
let demo: { context: BrowserContext; page: Page; blocked: string[] };
const repoName = `e2e-${Date.now().toString(36)}`;
const issueTitle = 'Crash when the README is empty';
const bob = { login: 'bob', password: 'bob-password-e2e' };

beforeAll(async () => {
  chromiumPath(); // first: no point starting the system without a browser
  system = await startSystem();
  await createGithostUser(system, bob.login, bob.password);
  browser = await launchChromium();
  const isolated = await isolatedContext(browser, system.baseUrl);
  demo = { ...isolated, page: await isolated.context.newPage() };
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('GitForge in the browser', () => {
  it('signs in, and the session survives a reload', async () => {
    const { page } = demo;
    await page.goto(`${system.baseUrl}/login`);
    await screenshot(page, 'sign-in');
    await signIn(page, system.baseUrl, 'demo', system.demoPassword);
    await page.getByRole('link', { name: 'demo/hello' }).waitFor();
    await page.reload();
    await page.getByText('Signed in as demo').waitFor();
    await screenshot(page, 'repositories');
  });

  it('creates a repository', async () => {
    const { page } = demo;
    await page.getByRole('link', { name: 'New repository' }).click();
    await page.getByLabel('Name').fill(repoName);
    await page.getByLabel(/Description/).fill('Created by the browser tests');
    await screenshot(page, 'new-repository');
    await page.getByRole('button', { name: 'Create repository' }).click();
    await page.waitForURL(`${system.baseUrl}/demo/${repoName}`);
    await page.getByText('This repository is empty').waitFor();
    const cloneUrl = await page.getByLabel('Clone').inputValue();
    expect(cloneUrl).toBe(
      `http://localhost:${system.ports.GIT_PROXY_PORT}/git/demo/${repoName}.git`,
    );
  });

  it('browses a repository: README, tree with breadcrumbs, file with line numbers, commits', async () => {
    const { page } = demo;
    await page.goto(`${system.baseUrl}/demo/hello`);
    await page.locator('.markdown h1', { hasText: 'hello' }).waitFor();
    await page.getByLabel('Branch').waitFor();
    await screenshot(page, 'repository');

    await page.getByRole('link', { name: 'src (directory)' }).click();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('src').waitFor();
    await page.getByRole('link', { name: 'hello.js' }).click();
    await page.waitForURL(/\/demo\/hello\/blob\/src\/hello\.js/);
    await page.getByText('function greet(name) {').waitFor();
    expect(await page.locator('[data-line-number]').count()).toBeGreaterThan(5);
    await screenshot(page, 'file');
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'src' })
      .click();
    await page.waitForURL(/\/demo\/hello\/tree\/src$/);

    await page.getByRole('link', { name: 'Commits' }).click();
    await page.getByText(/\d+ commits/).waitFor();
    await screenshot(page, 'commits');
  });

  it('opens an issue, comments and closes it while another user watches live', async () => {
    // Bob, in a second browser context, watches the new repository's issues.
    const watcher = await isolatedContext(browser, system.baseUrl);
    const bobPage = await watcher.context.newPage();
    await signIn(bobPage, system.baseUrl, bob.login, bob.password);
    const bobSubscribed = subscriptionStarted(bobPage);
    await bobPage.goto(`${system.baseUrl}/demo/${repoName}/issues`);
    await bobPage.getByText('No open issues').waitFor();
    await bobSubscribed;
    await untilSubscribed(system, 'issueEvents', 1);

    // Demo opens an issue.
    const { page } = demo;
    await page.goto(`${system.baseUrl}/demo/${repoName}/issues`);
    await page.getByRole('link', { name: 'New issue' }).click();
    await page.getByLabel('Title').fill(issueTitle);
    await page
      .getByLabel('Description')
      .fill(
        'Steps:\n\n1. create an empty `README.md`\n2. open the repository\n\n<script>alert(1)</script>',
      );
    await page.getByLabel(/Labels/).fill('bug, ui');
    await page.getByRole('button', { name: 'Submit new issue' }).click();
    await page.getByRole('heading', { name: new RegExp(issueTitle) }).waitFor();
    expect(await page.locator('article script').count()).toBe(0);

    // It appears for Bob without a reload.
    await bobPage.getByRole('link', { name: issueTitle }).waitFor({ timeout: 15_000 });
    await bobPage.getByText(`demo opened #1 “${issueTitle}”`).waitFor();
    await screenshot(bobPage, 'issues-live');

    // Bob opens it; demo's comment shows up on his page live.
    const bobOnIssue = subscriptionStarted(bobPage);
    await bobPage.getByRole('link', { name: issueTitle }).click();
    await bobPage.getByRole('heading', { name: new RegExp(issueTitle) }).waitFor();
    await bobOnIssue;
    await untilSubscribed(system, 'issueEvents', 2);

    await page.getByRole('textbox', { name: 'Add a comment' }).fill('Reproduced on **main**.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByText('Reproduced on').waitFor();
    await bobPage.getByText('Reproduced on').waitFor({ timeout: 15_000 });

    await page.getByLabel('Reason for closing').selectOption('NOT_PLANNED');
    await page.getByRole('button', { name: 'Close issue' }).click();
    await page.getByText('Closed as not planned').waitFor();
    await page.getByRole('button', { name: 'Reopen issue' }).waitFor();
    await screenshot(page, 'issue');
    await bobPage.getByText('Closed as not planned').waitFor({ timeout: 15_000 });

    await page.getByRole('link', { name: '← Issues' }).click();
    await page.getByRole('tab', { name: /Closed\s+1/ }).click();
    await page.getByRole('link', { name: issueTitle }).waitFor();
    await watcher.context.close();
  });

  it('edits and deletes comments: their author and the repository owner only', async () => {
    const issueUrl = `${system.baseUrl}/demo/${repoName}/issues/1`;
    const comments = (page: Page) => page.getByRole('list', { name: 'Comments' });

    // Bob comments on demo's issue: he may change his own comment, not demo's.
    const other = await isolatedContext(browser, system.baseUrl);
    const bobPage = await other.context.newPage();
    await signIn(bobPage, system.baseUrl, bob.login, bob.password);
    await bobPage.goto(issueUrl);
    await bobPage.getByRole('textbox', { name: 'Add a comment' }).fill('Seen on Firefox too.');
    await bobPage.getByRole('button', { name: 'Comment', exact: true }).click();
    const bobsComment = comments(bobPage).getByRole('listitem').nth(1);
    await bobsComment.getByText('Seen on Firefox too.').waitFor();
    const demosCommentForBob = comments(bobPage).getByRole('listitem').nth(0);
    await demosCommentForBob.getByText('Reproduced on').waitFor();
    expect(await demosCommentForBob.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await demosCommentForBob.getByRole('button', { name: 'Delete' }).count()).toBe(0);

    await bobsComment.getByRole('button', { name: 'Edit' }).click();
    await bobsComment
      .getByRole('textbox', { name: 'Comment' })
      .fill('Seen on Firefox and Chromium.');
    await bobsComment.getByRole('button', { name: 'Save' }).click();
    await bobsComment.getByText('Seen on Firefox and Chromium.').waitFor();
    await bobsComment.getByText('edited', { exact: true }).waitFor();

    // Demo (author of the first comment, owner of the repository) edits his and deletes Bob's.
    const { page } = demo;
    await page.goto(issueUrl);
    const demosComment = comments(page).getByRole('listitem').nth(0);
    const bobsCommentForDemo = comments(page).getByRole('listitem').nth(1);
    await bobsCommentForDemo.getByText('Seen on Firefox and Chromium.').waitFor();
    await page.getByText(/· 2 comments$/).waitFor();

    await demosComment.getByRole('button', { name: 'Edit' }).click();
    const field = demosComment.getByRole('textbox', { name: 'Comment' });
    expect(await field.inputValue()).toBe('Reproduced on **main**.');
    await field.fill('');
    await demosComment.getByText('A comment cannot be empty.').waitFor();
    expect(await demosComment.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await field.fill('Reproduced on **main** and on **v2**.');
    await screenshot(page, 'comment-edit');
    await demosComment.getByRole('button', { name: 'Save' }).click();
    await demosComment.locator('strong', { hasText: 'v2' }).waitFor();
    await demosComment.getByText('edited', { exact: true }).waitFor();

    await bobsCommentForDemo.getByRole('button', { name: 'Delete' }).click();
    await bobsCommentForDemo
      .getByRole('group', { name: 'Confirm deleting this comment' })
      .getByRole('button', { name: 'Delete comment' })
      .click();
    await page.getByText('Seen on Firefox and Chromium.').waitFor({ state: 'detached' });
    await page.getByText(/· 1 comment$/).waitFor();
    expect(await comments(page).getByRole('listitem').count()).toBe(1);

    // Comment edits and deletions are issue events: Bob's open page follows them live.
    await comments(bobPage).locator('strong', { hasText: 'v2' }).waitFor();
    await bobPage.getByText('Seen on Firefox and Chromium.').waitFor({ state: 'detached' });
    await bobPage.getByText(/· 1 comment$/).waitFor();
    await other.context.close();
  });

  it('filters issues by two labels, in the URL, with back and forward', async () => {
    const token = await sessionToken(system, 'demo', system.demoPassword);
    for (const [title, labels] of [
      ['Only a bug', ['bug']],
      ['Only a ui glitch', ['ui']],
      ['Button drawn off screen', ['bug', 'ui']],
    ] as const) {
      const response = await fetch(`${system.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation($input: CreateIssueInput!) { createIssue(input: $input) { number } }',
          variables: { input: { repository: `demo/${repoName}`, title, labels } },
        }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    }

    const { page } = demo;
    const listUrl = `${system.baseUrl}/demo/${repoName}/issues`;
    const issue = (title: string) => page.getByRole('link', { name: title, exact: true });
    await page.goto(listUrl);
    await issue('Only a ui glitch').waitFor();
    const chips = page.getByRole('group', { name: 'Labels' });

    await chips.getByRole('button', { name: 'bug', exact: true }).click();
    await page.waitForURL(`${listUrl}?labels=bug`);
    await issue('Only a ui glitch').waitFor({ state: 'detached' });
    await issue('Only a bug').waitFor();
    await issue('Button drawn off screen').waitFor();

    await chips.getByRole('button', { name: 'ui', exact: true }).click();
    await page.waitForURL(`${listUrl}?labels=bug,ui`);
    await issue('Only a bug').waitFor({ state: 'detached' });
    await issue('Button drawn off screen').waitFor();
    await page.getByText('Issues with all of bug and ui').waitFor();
    expect(
      await chips.getByRole('button', { name: 'ui', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    // Issue #1 (bug, ui) is closed.
    await page.getByRole('tab', { name: /Closed\s+1/ }).waitFor();
    await screenshot(page, 'issues-labels');

    await page.goBack();
    await page.waitForURL(`${listUrl}?labels=bug`);
    await issue('Only a bug').waitFor();
    await page.goForward();
    await page.waitForURL(`${listUrl}?labels=bug,ui`);
    await issue('Only a bug').waitFor({ state: 'detached' });

    // The link works as is; so does the old single-label form.
    await page.goto(`${listUrl}?labels=bug,ui`);
    await issue('Button drawn off screen').waitFor();
    expect(await issue('Only a bug').count()).toBe(0);
    await page.goto(`${listUrl}?label=ui`);
    await issue('Only a ui glitch').waitFor();
    expect(await issue('Only a bug').count()).toBe(0);

    await page.getByRole('button', { name: 'Clear labels' }).click();
    await page.waitForURL(listUrl);
    await issue('Only a bug').waitFor();
    await issue('Only a ui glitch').waitFor();
  });

  it('keeps the issue tracker working while the git host is down', async () => {
    const { page } = demo;
    const githost = system.pidOf('githost');
    process.kill(githost, 'SIGSTOP');
    try {
      await page.goto(`${system.baseUrl}/demo/${repoName}/issues?state=closed`);
      await page.getByRole('link', { name: issueTitle }).waitFor();
      await page.getByText('Git host unavailable').waitFor({ timeout: 20_000 });
      await screenshot(page, 'git-host-unavailable');
    } finally {
      process.kill(githost, 'SIGCONT');
    }
  });

  it('shows system status and drives the resilience panel', async () => {
    const { page } = demo;
    await page.goto(`${system.baseUrl}/status`);
    await page.getByRole('listitem', { name: 'issues: ok' }).waitFor();
    await page.getByText(/Git host circuit breaker/).waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { name: 'Resilience' }).waitFor();
    await page.getByLabel('Strategy', { exact: true }).selectOption('CHECKPOINTING');
    const switchButton = page.getByRole('button', { name: 'Switch', exact: true });
    if (await switchButton.isEnabled()) {
      await switchButton.click();
      await page.getByText(/Switched \w+ → CHECKPOINTING/).waitFor({ timeout: 30_000 });
    }
    await page.getByRole('button', { name: 'Write 50 keys' }).click();
    const outcome = page.getByText(/^(Stored 50 writes|Writes failed.*)$/);
    await outcome.waitFor({ timeout: 90_000 });
    expect(await outcome.innerText()).toBe('Stored 50 writes');
    await page.getByRole('button', { name: 'Wipe memory' }).click();
    await page.getByText(/Injected MEMORY_WIPE/).waitFor();
    await page.getByRole('button', { name: 'Recover' }).click();
    await page.getByText(/Recovered from \w+ in [\d.]+ ms; \d+ acknowledged writes lost/).waitFor({
      timeout: 30_000,
    });
    // A few live metric samples for the chart.
    await page.waitForTimeout(3000);
    await screenshot(page, 'status', true);
  });

  it('runs a query and a subscription in the playground with no outside network', async () => {
    const offline = await isolatedContext(browser, system.baseUrl, { width: 1400, height: 900 });
    const page = await offline.context.newPage();
    await signIn(page, system.baseUrl, 'demo', system.demoPassword);
    await page.goto(`${system.baseUrl}/playground`);
    await page.getByText('Sending the session of').waitFor();
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-query-editor .view-lines').waitFor();

    // Three operations in the editor: the run button asks which one.
    await run.click();
    await page.getByRole('menuitem', { name: 'Repositories' }).click();
    const response = page.locator('.graphiql-response');
    await response.getByText('demo/hello').waitFor({ timeout: 20_000 });

    const subscribed = subscriptionStarted(page);
    await run.click();
    await page.getByRole('menuitem', { name: 'IssueEvents' }).click();
    await subscribed;
    await untilSubscribed(system, 'issueEvents', 1);
    const token = await sessionToken(system, 'demo', system.demoPassword);
    await fetch(`${system.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query:
          'mutation { createIssue(input: {repository: "demo/hello", title: "From the playground test"}) { number } }',
      }),
    });
    await response.getByText('From the playground test').waitFor({ timeout: 15_000 });
    await screenshot(page, 'playground');

    expect(offline.blocked).toEqual([]);
    expect(demo.blocked).toEqual([]);
    await offline.context.close();
  });

  it('works on a narrow screen', async () => {
    const narrow = await isolatedContext(browser, system.baseUrl, { width: 390, height: 844 });
    const page = await narrow.context.newPage();
    await page.goto(`${system.baseUrl}/demo/hello`);
    await page.locator('.markdown h1').waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, 'repository-narrow');
    await narrow.context.close();
  });

  it('measures time to interactive of the repository page', async () => {
    const summary = await measureTimeToInteractive(browser, `${system.baseUrl}/demo/hello`);
    mkdirSync(dirname(ttiFile), { recursive: true });
    writeFileSync(ttiFile, `${JSON.stringify(summary, null, 2)}\n`);
    console.log('time to interactive of the repository page', summary);
    expect(summary.coldMs).toBeGreaterThan(0);
  });
});
