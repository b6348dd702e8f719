import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { composeSupergraph } from '../../src/supergraph/composeSupergraph';
import { graphql } from '../support/helpers';
import { FeedStack, uniqueRepo, untilJoined, type Service } from './support/feedStack';
import { repositoryModule } from '../support/repositoryModule';
import { subscribeEvents, until, type EventSubscriber } from './support/eventClient';

/*
 * Issue 15 "Done when": a recomposition keeps subscriptions. The gateway process serves a
 * supergraph file (GATEWAY_SUPERGRAPH), reloaded when the file changes, as a deployment that
 * recomposes with rover does. A new supergraph where an unrelated type changed keeps the
 * subscription delivering with no gap and no duplicate; one where the subscribed field is gone
 * ends it with an error.
 */

jest.setTimeout(120_000);

const stack = new FeedStack();
let issues: Service;
let gateway: Service;
const clients: EventSubscriber[] = [];
const dir = mkdtempSync(join(tmpdir(), 'feeds-e2e-supergraph-'));
const file = join(dir, 'supergraph.graphql');
let issuesSdl: string;
const repositorySdl = print(repositoryModule(new Map()).typeDefs);

function writeSupergraph(issuesText: string, repositoryText: string): void {
  const composed = composeSupergraph([
    { name: 'issues', url: `${issues.origin}/graphql`, sdl: issuesText },
    { name: 'repository', url: stack.repos.url, sdl: repositoryText },
  ]);
  if (!composed.ok) throw new Error(`composition failed: ${composed.errors.join('; ')}`);
  // Replaced by rename, as rover's output or a Kubernetes ConfigMap is.
  const next = `${file}.next`;
  writeFileSync(next, composed.supergraphSdl);
  renameSync(next, file);
}

async function userFields(): Promise<string[]> {
  const res = await graphql(gateway.origin, '{ __type(name: "User") { fields { name } } }');
  return (res.body.data?.__type?.fields ?? []).map((f: { name: string }) => f.name);
}

beforeAll(async () => {
  await stack.startRepository();
  issues = await stack.startIssues('issues');
  const res = await graphql(issues.origin, '{ _service { sdl } }');
  issuesSdl = res.body.data._service.sdl;
  writeSupergraph(issuesSdl, repositorySdl);
  gateway = await stack.startGateway('gateway', { supergraphFile: file });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a supergraph where an unrelated type changed keeps the subscription delivering', async () => {
  const repo = uniqueRepo('alice');
  stack.rows.set(repo, { description: 'Through recompositions', private: false });
  const client = subscribeEvents(gateway.origin, repo, { token: await stack.token('bob') });
  clients.push(client);
  const joined = await untilJoined(stack, gateway.origin, repo, [client]);
  await stack.createIssue(gateway.origin, repo, 'Before');
  expect(await userFields()).not.toContain('avatarUrl');

  const changed = repositorySdl.replace(
    /type User @key\(fields: "login"\) \{\n {2}login: String!\n\}/,
    'type User @key(fields: "login") {\n  login: String!\n  avatarUrl: String\n}',
  );
  expect(changed).not.toBe(repositorySdl);
  writeSupergraph(issuesSdl, changed);
  // Committed while the gateway loads the new supergraph (before or after: either way once).
  await stack.createIssue(gateway.origin, repo, 'During');
  await until(async () => (await userFields()).includes('avatarUrl'), 'the new supergraph', 20_000);
  await stack.createIssue(gateway.origin, repo, 'After');

  await until(() => client.titles().includes('After') || client.ended(), 'the event after');
  expect(client.errorCode()).toBeUndefined();
  expect(client.ended()).toBe(false);
  const titles = client.titles();
  expect(titles.slice(titles.indexOf(joined) + 1)).toEqual(['Before', 'During', 'After']);
  const events = client.events();
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  expect(events.at(-1)?.description).toBe('Through recompositions');
});

it('a supergraph without the subscribed field (renamed) ends the subscription with an error', async () => {
  const repo = uniqueRepo('alice');
  const client = subscribeEvents(gateway.origin, repo, { token: await stack.token('bob') });
  clients.push(client);
  await untilJoined(stack, gateway.origin, repo, [client]);

  // A breaking deploy: the field is renamed (a Subscription type left with only @inaccessible
  // fields would not compose).
  const withoutIssueEvents = issuesSdl.replace(/\n {2}issueEvents\(/, '\n  issueEventStream(');
  expect(withoutIssueEvents).not.toBe(issuesSdl);
  expect(withoutIssueEvents).not.toMatch(/issueEvents\(/);
  writeSupergraph(withoutIssueEvents, repositorySdl);

  await until(() => client.ended(), 'the subscription to end', 20_000);
  expect(client.errorCode()).toBe('GRAPHQL_VALIDATION_FAILED');
  // A new one is refused as invalid too.
  const late = subscribeEvents(gateway.origin, repo, { token: await stack.token('bob') });
  clients.push(late);
  await until(() => late.ended(), 'the refusal');
  expect(late.errorCode()).toBe('GRAPHQL_VALIDATION_FAILED');
});
