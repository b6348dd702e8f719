import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumPath,
  isolatedContext,
  launchChromium,
  screenshot,
  signIn,
  type Browser,
  type BrowserContext,
  type Page,
} from './support/browser';
import { createGithostUser, startSystem, type RunningSystem } from './support/startSystem';

/**
 * Issue 16 in the browser: demo creates an organization, a team with bob in it and a private
 * repository of the organization given to the team, then makes carol a READ collaborator in the
 * repository's settings. bob (WRITE through the team) sees the repository but not its settings.
 */
let system: RunningSystem;
let browser: Browser;
let demo: { context: BrowserContext; page: Page; blocked: string[] };
const org = `e2e-org-${Date.now().toString(36)}`;
const bob = { login: 'bob', password: 'bob-password-e2e' };
const carol = { login: 'carol', password: 'carol-password-e2e' };

beforeAll(async () => {
  chromiumPath();
  system = await startSystem();
  await createGithostUser(system, bob.login, bob.password);
  await createGithostUser(system, carol.login, carol.password);
  browser = await launchChromium();
  const isolated = await isolatedContext(browser, system.baseUrl);
  demo = { ...isolated, page: await isolated.context.newPage() };
  await signIn(demo.page, system.baseUrl, 'demo', system.demoPassword);
});

// A failed step leaves what demo's page showed (e2e/output, not kept).
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || !demo) return;
  await screenshot(demo.page, `failed-${context.task.name.replace(/\W+/g, '-')}`, true);
  console.log(
    `demo's page at the failure (${demo.page.url()}):\n`,
    await demo.page.innerText('main'),
  );
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('organizations, teams and collaborators in the browser', () => {
  it('creates an organization from the home page', async () => {
    const { page } = demo;
    await page.getByRole('link', { name: 'New organization' }).click();
    await page.getByLabel('Organization name').fill(org);
    await page.getByLabel(/Display name/).fill('E2E Organization');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL(`${system.baseUrl}/${org}`);
    await page.getByRole('heading', { name: 'E2E Organization' }).waitFor();
    await page.getByText('No repositories yet').waitFor();
  });

  it('creates a private repository owned by the organization', async () => {
    const { page } = demo;
    await page.getByRole('link', { name: 'New repository' }).click();
    await page.getByText(`Owned by the organization ${org}.`).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('backend');
    await page.getByRole('radio', { name: /Private/ }).check();
    await page.getByRole('button', { name: 'Create repository' }).click();
    await page.waitForURL(`${system.baseUrl}/${org}/backend`);
    await page.getByText('This repository is empty').waitFor();
  });

  it('creates a team, adds bob and the repository', async () => {
    const { page } = demo;
    await page.goto(`${system.baseUrl}/${org}?tab=teams`);
    await page.getByRole('button', { name: 'New team' }).click();
    await page.getByLabel('Team name').fill('devs');
    await page.getByRole('radio', { name: /Write/ }).check();
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.waitForURL(`${system.baseUrl}/org/${org}/teams/devs`);

    const addMember = page.getByRole('form', { name: 'Add member' });
    await addMember.getByLabel('Login').fill(bob.login);
    await addMember.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('button', { name: `Remove ${bob.login}` }).waitFor();

    const addRepository = page.getByRole('form', { name: 'Add repository' });
    await addRepository.getByLabel('Repository').fill('backend');
    await addRepository.getByRole('button', { name: 'Add repository' }).click();
    await page.getByRole('link', { name: `${org}/backend` }).waitFor();
    await screenshot(page, 'team');
  });

  it('makes carol a READ collaborator in the repository settings', async () => {
    const { page } = demo;
    await page.goto(`${system.baseUrl}/${org}/backend`);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: /Collaborators/ }).waitFor();
    await page.getByLabel('Login').fill(carol.login);
    await page.getByLabel('Permission', { exact: true }).selectOption('READ');
    await page.getByRole('button', { name: 'Add collaborator' }).click();
    const level = page.getByRole('combobox', { name: `Permission of ${carol.login}` });
    await level.waitFor();
    expect(await level.inputValue()).toBe('READ');
    await screenshot(page, 'collaborators');
  });

  it('gives bob (WRITE through the team) the repository without its settings', async () => {
    const other = await isolatedContext(browser, system.baseUrl);
    const page = await other.context.newPage();
    await signIn(page, system.baseUrl, bob.login, bob.password);
    await page.goto(`${system.baseUrl}/${org}/backend`);
    await page.getByText('This repository is empty').waitFor();
    await page.getByRole('link', { name: 'Commits' }).waitFor();
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    // A member (not an owner) sees the organization without its usage.
    await page.goto(`${system.baseUrl}/${org}`);
    await page.getByRole('link', { name: `${org}/backend` }).waitFor();
    await page.getByRole('link', { name: 'Members' }).click();
    await page
      .getByRole('list', { name: 'Members' })
      .getByRole('link', { name: bob.login })
      .waitFor();
    expect(await page.getByRole('region', { name: 'Usage' }).count()).toBe(0);
    expect(other.blocked).toEqual([]);
    await other.context.close();
  });

  it('assigns bob an issue; bob finds it under "Assigned to me", carol (READ) gets no controls', async () => {
    const { page } = demo;
    const issues = `${system.baseUrl}/${org}/backend/issues`;
    await page.goto(`${issues}/new`);
    await page.getByLabel('Title').fill('Deploy fails');
    await page.getByRole('button', { name: 'Submit new issue' }).click();
    await page.getByRole('heading', { name: /Deploy fails/ }).waitFor();
    const issueUrl = page.url();
    await page.getByRole('button', { name: 'Edit assignees' }).click();
    await page.getByRole('checkbox', { name: bob.login }).click();
    await page.getByRole('checkbox', { name: bob.login, checked: true }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    await page
      .getByRole('list', { name: 'Assigned to' })
      .getByRole('link', { name: bob.login })
      .waitFor();
    await screenshot(page, 'issue-assignees');

    const bobs = await isolatedContext(browser, system.baseUrl);
    const bobPage = await bobs.context.newPage();
    await signIn(bobPage, system.baseUrl, bob.login, bob.password);
    await bobPage.goto(issues);
    await bobPage.getByRole('button', { name: 'Assigned to me' }).click();
    await bobPage.waitForURL(/assignee=bob/);
    await bobPage.getByRole('link', { name: 'Deploy fails' }).click();
    await bobPage.getByRole('button', { name: 'Close issue' }).waitFor();

    const carols = await isolatedContext(browser, system.baseUrl);
    const carolPage = await carols.context.newPage();
    await signIn(carolPage, system.baseUrl, carol.login, carol.password);
    await carolPage.goto(issueUrl);
    await carolPage.getByRole('textbox', { name: 'Add a comment' }).waitFor();
    await carolPage.getByRole('link', { name: bob.login }).waitFor();
    for (const name of ['Close issue', 'Edit assignees', 'Edit labels', 'Edit']) {
      expect(await carolPage.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
    expect([...bobs.blocked, ...carols.blocked]).toEqual([]);
    await bobs.context.close();
    await carols.context.close();
  });

  it('shows demo their usage against the quota on their own page', async () => {
    const { page } = demo;
    await page.getByRole('link', { name: 'demo', exact: true }).click();
    await page.waitForURL(`${system.baseUrl}/demo`);
    const usage = page.getByRole('region', { name: 'Usage' });
    await usage.getByText(/^\d+ of \d+ repositories, .+ of .+$/).waitFor();
    await page.getByRole('link', { name: 'demo/hello' }).waitFor();
  });

  it('shows the organization with its repository, members and teams', async () => {
    const { page } = demo;
    await page.goto(`${system.baseUrl}/${org}`);
    await page.getByRole('link', { name: `${org}/backend` }).waitFor();
    // The owner sees the organization's usage against its quota.
    await page
      .getByRole('region', { name: 'Usage' })
      .getByText(/^1 of \d+ repositories, .+ of .+$/)
      .waitFor();
    await screenshot(page, 'organization');
    await page.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('link', { name: 'devs' }).waitFor();
    expect(demo.blocked).toEqual([]);
  });
});
