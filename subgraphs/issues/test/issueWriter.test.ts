import type { Viewer } from '@gitforge/auth';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm, migrate } from '../src/db/createOrm';
import { createTransactor } from '../src/db/createTransactor';
import type { Issue, Label } from '../src/db/entities';
import type { IssueEventSink } from '../src/services/IssueEventBus';
import { IssueService, type CreateIssueInput } from '../src/services/IssueService';
import { IssueWriter, type Filed } from '../src/write/IssueWriter';
import { insertIssueBatch } from '../src/write/insertIssueBatch';
import { ownerByName } from './ownerByName';
import { uniqueRepo } from './startIssues';

// Two issues services with an ORM (and pool) each, over one PostgreSQL database, as two
// replicas of the subgraph would be: their group commits contend only in the database.
interface Replica {
  orm: MikroORM;
  service: IssueService;
  batches: number[];
  published: string[];
  /** Label names each published issue carried, by issue id. */
  carried: Map<string, string>;
}
const replicas: Replica[] = [];
const embedded = process.env.GITFORGE_TEST_EMBEDDED_DB === '1';

async function replica(): Promise<Replica> {
  const orm = await createOrm({
    databaseUrl: process.env.DATABASE_URL!,
    poolMax: embedded ? 1 : 4,
  });
  const batches: number[] = [];
  const published: string[] = [];
  const carried = new Map<string, string>();
  const events: IssueEventSink = {
    async published(event) {
      expect(event.action).toBe('CREATED');
      const issue = event.issue;
      published.push(issue.id);
      const labels = (issue as Issue & { labels?: Label[] }).labels;
      carried.set(issue.id, labels?.map((l) => l.name).join(',') ?? 'none');
    },
  };
  const writer = new IssueWriter(orm.em, {
    cockroachDb: false,
    onBatch: (size) => batches.push(size),
  });
  const service = new IssueService(orm.em, createTransactor(orm.em), ownerByName, writer, events);
  const r = { orm, service, batches, published, carried };
  replicas.push(r);
  return r;
}

let one: Replica;
let two: Replica;
beforeAll(async () => {
  one = await replica();
  await migrate(one.orm);
  two = await replica();
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.orm.close()));
});

const viewer = (login: string): Viewer => ({ login });

async function rowsOf(repository: string) {
  return one.orm.em
    .fork()
    .execute<
      { id: string; number: number; title: string; author: string; labels: string | null }[]
    >(
      `select i.id, i.number, i.title, i.author,
              (select string_agg(l.name, ',' order by l.name)
                 from issue_labels il join labels l on l.id = il.label_id
                where il.issue_id = i.id) as labels
         from issues i where i.repository = ? order by i.number`,
      [repository],
    );
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Creates `inputs` all at once, alternating between the two replicas. */
function createAll(inputs: CreateIssueInput[], login = 'alice') {
  return Promise.allSettled(
    inputs.map((input, n) => (n % 2 ? two : one).service.create(viewer(login), input)),
  );
}

it('gives concurrent creates from two replicas into one repository the numbers 1..n, each its own row, labels and one event', async () => {
  const repository = uniqueRepo('alice');
  const inputs = oneToN(80).map((n) => ({
    repository,
    title: `Group ${n}`,
    labels: n % 3 === 0 ? ['bug', `area-${n % 2}`, 'Urgent'] : n % 5 === 0 ? ['bug'] : [],
  }));
  const batchesBefore = [...one.batches, ...two.batches].length;
  const results = await createAll(inputs);
  const issues = results.map((r) => {
    if (r.status === 'rejected') throw r.reason;
    return r.value;
  });
  // Each caller got the issue it asked for.
  issues.forEach((issue, n) => expect(issue.title).toBe(inputs[n]!.title));
  expect(issues.map((i) => i.number).sort((a, b) => a - b)).toEqual(oneToN(80));

  const rows = await rowsOf(repository);
  expect(rows.map((r) => Number(r.number))).toEqual(oneToN(80));
  const byId = new Map(rows.map((r) => [r.id, r]));
  issues.forEach((issue, n) => {
    const row = byId.get(issue.id);
    expect(row).toMatchObject({ title: inputs[n]!.title, author: 'alice' });
    expect(Number(row!.number)).toBe(issue.number);
    expect(row!.labels ?? '').toBe([...inputs[n]!.labels].sort().join(','));
    // The issue answered and the one published carry the labels stored, ordered by name.
    expect((issue as Issue & { labels: Label[] }).labels.map((l) => l.name).join(',')).toBe(
      row!.labels ?? '',
    );
    const carried = one.carried.get(issue.id) ?? two.carried.get(issue.id);
    expect(carried).toBe(row!.labels ?? '');
  });
  // Batched, not one transaction per create.
  const batches = [...one.batches, ...two.batches].slice(batchesBefore);
  expect(batches.reduce((a, b) => a + b, 0)).toBe(80);
  expect(batches.length).toBeLessThan(80);
  // Published once per committed issue, after commit.
  const published = [...one.published, ...two.published].filter((id) => byId.has(id));
  expect(published.sort()).toEqual(issues.map((i) => i.id).sort());
});

it('numbers several repositories independently when both replicas write to all of them', async () => {
  const repositories = [uniqueRepo('alice'), uniqueRepo('alice'), uniqueRepo('alice')];
  const inputs = oneToN(90).map((n) => ({
    repository: repositories[n % 3]!,
    title: `Spread ${n}`,
  }));
  const results = await createAll(inputs);
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  for (const repository of repositories) {
    const rows = await rowsOf(repository);
    expect(rows.map((r) => Number(r.number))).toEqual(oneToN(30));
  }
});

it('fails only the caller with a bad input, whether caught before the batch or by the database', async () => {
  const repository = uniqueRepo('alice');
  const inputs: CreateIssueInput[] = oneToN(14).map((n) => ({
    repository,
    title: `Mixed ${n}`,
  }));
  inputs[3] = { repository, title: '   ' }; // an empty title
  inputs[5] = { repository, title: 'Has a NUL', body: 'before\u0000after' }; // text cannot hold it
  // Passes validation, but issues.author is varchar(64): PostgreSQL refuses the row (22001),
  // the batch it is in fails, and the others of that batch are filed again without it.
  const tooLong = 'x'.repeat(70);
  const results = await Promise.allSettled(
    inputs.map((input, n) => one.service.create(viewer(n === 9 ? tooLong : 'alice'), input)),
  );
  const failed = results.flatMap((r, n) => (r.status === 'rejected' ? [n] : []));
  expect(failed).toEqual([3, 5, 9]);
  for (const n of [3, 5]) {
    expect((results[n] as PromiseRejectedResult).reason).toMatchObject({ code: 'BAD_USER_INPUT' });
  }
  expect((results[9] as PromiseRejectedResult).reason).toMatchObject({ code: '22001' });
  const rows = await rowsOf(repository);
  expect(rows.map((r) => Number(r.number))).toEqual(oneToN(11));
  expect(rows.map((r) => r.title).sort()).toEqual(
    inputs
      .filter((_, n) => !failed.includes(n))
      .map((i) => i.title)
      .sort(),
  );
  // The database's refusal happened in a batch with others (they were filed again alone).
  expect(one.batches.slice(-11)).toEqual(Array.from({ length: 11 }, () => 1));
  // No event for what was not committed.
  const titles = new Map(rows.map((r) => [r.id, r.title]));
  expect(one.published.filter((id) => titles.has(id))).toHaveLength(11);
});

describe('a batch waiting on the counter row another transaction holds', () => {
  /**
   * Holds the counter row of `repository` in another transaction (a no-op update), starts a
   * create, waits until it is blocked on that row, then commits: the batch's counter update
   * now meets a row changed after its snapshot.
   */
  async function createPastAConcurrentUpdate(writer: IssueWriter, repository: string) {
    const knex = two.orm.em.getKnex();
    const blocker = await knex.transaction();
    let created: Promise<Filed> | undefined;
    try {
      await blocker.raw(
        'update repository_counters set last_issue_number = last_issue_number where repository = ?',
        [repository],
      );
      const pid = (await blocker.raw('select pg_backend_pid() as pid')).rows[0].pid as number;
      created = writer.create({
        repository,
        author: 'alice',
        title: 'Blocked',
        body: '',
        labels: [],
      });
      created.catch(() => undefined);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const waiting = await one.orm.em
          .fork()
          .execute<{ n: string }[]>(
            'select count(*) as n from pg_stat_activity where ? = any(pg_blocking_pids(pid))',
            [pid],
          );
        if (Number(waiting[0]!.n) > 0) break;
        if (Date.now() > deadline) throw new Error('the create never waited on the counter row');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await blocker.commit();
    }
    return created;
  }

  it('reruns the whole batch after a serialization failure (SERIALIZABLE, as on CockroachDB)', async () => {
    if (embedded) return; // PGlite serves one connection: nothing can hold a row meanwhile
    const repository = uniqueRepo('alice');
    await one.service.create(viewer('alice'), { repository, title: 'First' });
    const retries: string[] = [];
    const writer = new IssueWriter(one.orm.em, {
      cockroachDb: true,
      retry: { baseDelayMs: 1, onRetry: (_n, state) => retries.push(state) },
    });
    const { issue } = await createPastAConcurrentUpdate(writer, repository);
    expect(issue.number).toBe(2);
    expect(retries).toEqual(['40001']);
    expect((await rowsOf(repository)).map((r) => Number(r.number))).toEqual([1, 2]);
  });

  it('waits and goes on without a retry at READ COMMITTED (PostgreSQL)', async () => {
    if (embedded) return;
    const repository = uniqueRepo('alice');
    await one.service.create(viewer('alice'), { repository, title: 'First' });
    const retries: string[] = [];
    const writer = new IssueWriter(one.orm.em, {
      cockroachDb: false,
      retry: { baseDelayMs: 1, onRetry: (_n, state) => retries.push(state) },
    });
    const { issue } = await createPastAConcurrentUpdate(writer, repository);
    expect(issue.number).toBe(2);
    expect(retries).toEqual([]);
    expect((await rowsOf(repository)).map((r) => Number(r.number))).toEqual([1, 2]);
  });
});

it('files a batch with index lookups only: the conflict arbiters, no sequential scan', async () => {
  const repository = uniqueRepo('alice');
  await one.service.create(viewer('alice'), { repository, title: 'First', labels: ['bug'] });
  // The statement a batch of three sends, with labels old and new.
  let sent: { text: string; values: readonly unknown[] } | undefined;
  const capture = async (text: string, values: readonly unknown[]) => {
    sent = { text, values };
    throw new Error('captured');
  };
  const drafts = ['a', 'b', 'c'].map((title, i) => ({
    repository,
    author: 'alice',
    title,
    body: '',
    labels: i === 0 ? [] : ['bug', `new-${i}`],
  }));
  await expect(insertIssueBatch(capture, repository, drafts)).rejects.toThrow('captured');
  const connection = await one.orm.em.getKnex().client.acquireConnection();
  try {
    const { rows } = (await connection.query(`explain (costs off) ${sent!.text}`, [
      ...sent!.values,
    ])) as { rows: { 'QUERY PLAN': string }[] };
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).not.toMatch(/Seq Scan/);
    expect(plan).toMatch(/Conflict Arbiter Indexes: repository_counters_pkey/);
    expect(plan).toMatch(/Conflict Arbiter Indexes: labels_repository_name_unique/);
  } finally {
    await one.orm.em.getKnex().client.releaseConnection(connection);
  }
});
