import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { signSessionToken } from '@gitforge/auth';
import { createGateway, type GatewayOptions, type RunningGateway } from '../../src/createGateway';
import { issuesModule } from '../support/issuesModule';
import { reposModule } from '../support/reposModule';
import { TestSubgraph } from '../support/testSubgraph';
import { captureLogger, graphql, JWT_SECRET, request } from '../support/helpers';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const REPOSITORY = '{ repository(fullName: "alice/demo") { fullName description } }';
const REPOSITORY_DATA = {
  data: { repository: { fullName: 'alice/demo', description: 'About alice/demo' } },
};

describe('automatic persisted queries and the persisted-operations allow-list', () => {
  const issues = new TestSubgraph(issuesModule(), JWT_SECRET);
  const repos = new TestSubgraph(reposModule(), JWT_SECRET);
  const { logger } = captureLogger();
  const gateways: RunningGateway[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'gitforge-pq-'));
  let aliceToken: string;
  let bobToken: string;

  const start = async (execution: GatewayOptions['execution']) => {
    const gw = await createGateway({
      subgraphs: [
        { name: 'issues', url: issues.url },
        { name: 'repos', url: repos.url },
      ],
      jwtSecret: JWT_SECRET,
      logger,
      pollIntervalMs: 60_000,
      execution,
    });
    gateways.push(gw);
    return gw;
  };

  beforeAll(async () => {
    await issues.start();
    await repos.start();
    aliceToken = await signSessionToken(JWT_SECRET, 'alice');
    bobToken = await signSessionToken(JWT_SECRET, 'bob');
  });

  afterAll(async () => {
    for (const gw of gateways) await gw.close();
    await issues.dispose();
    await repos.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Apollo Client with its persisted-queries link; `sent` records every request on the wire. */
  const apolloClient = (gw: RunningGateway, useGETForHashedQueries: boolean) => {
    const sent: { method: string; body?: unknown; search: string }[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      sent.push({
        method: init?.method ?? 'GET',
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
        search: url.search,
      });
      return fetch(input, init);
    };
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: createPersistedQueryLink({ sha256, useGETForHashedQueries }).concat(
        new HttpLink({ uri: `${gw.url}/graphql`, fetch: recordingFetch }),
      ),
    });
    return { client, sent };
  };

  it('round trip with Apollo Client: not found, registered with the query, then served from the hash', async () => {
    const gw = await start({});
    const { client, sent } = apolloClient(gw, false);
    const query = gql`
      query Demo {
        repository(fullName: "alice/demo") {
          fullName
          description
        }
      }
    `;
    const first = await client.query({ query, fetchPolicy: 'no-cache' });
    expect(first.data).toEqual({
      repository: {
        __typename: 'Repository',
        fullName: 'alice/demo',
        description: 'About alice/demo',
      },
    });
    // Hash only (PERSISTED_QUERY_NOT_FOUND), then hash and query.
    expect(sent).toHaveLength(2);
    expect(sent[0]!.body).not.toHaveProperty('query');
    expect(sent[1]!.body).toHaveProperty('query');
    expect(gw.executionStats().persistedQueries).toBe(1);

    const fastBefore = gw.executionStats().fastPathAnswers;
    const second = await client.query({ query, fetchPolicy: 'no-cache' });
    expect(second.data).toEqual(first.data);
    expect(sent).toHaveLength(3);
    expect(sent[2]!.body).not.toHaveProperty('query');
    expect(gw.executionStats().fastPathAnswers).toBe(fastBefore + 1);
    client.stop();
  });

  it('hashed queries over GET, as the link sends them with useGETForHashedQueries', async () => {
    const gw = await start({});
    const { client, sent } = apolloClient(gw, true);
    const query = gql`
      query DemoGet {
        repository(fullName: "alice/demo") {
          description
        }
      }
    `;
    const first = await client.query({ query, fetchPolicy: 'no-cache' });
    expect(first.data).toEqual({
      repository: { __typename: 'Repository', description: 'About alice/demo' },
    });
    const second = await client.query({ query, fetchPolicy: 'no-cache' });
    expect(second.data).toEqual(first.data);
    expect(sent.map((s) => s.method)).toEqual(['GET', 'POST', 'GET']);
    expect(new URLSearchParams(sent[2]!.search).get('query')).toBeNull();
    client.stop();
  });

  it('answers the protocol errors on the wire: not found, hash mismatch, APQ turned off', async () => {
    const gw = await start({});
    const unknown = await request(`${gw.url}/graphql`, {
      body: { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ nope }') } } },
    });
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors).toEqual([
      { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
    ]);
    const mismatch = await request(`${gw.url}/graphql`, {
      body: {
        query: REPOSITORY,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ other }') } },
      },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors).toEqual([
      { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } },
    ]);
    const version2 = await request(`${gw.url}/graphql`, {
      body: {
        query: REPOSITORY,
        extensions: { persistedQuery: { version: 2, sha256Hash: sha256(REPOSITORY) } },
      },
    });
    expect(version2.status).toBe(400);
    expect(version2.body.errors).toEqual([
      { message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } },
    ]);
    expect(gw.executionStats().persistedQueries).toBe(0);

    const off = await start({ persistedQueries: false });
    const refused = await request(`${off.url}/graphql`, {
      body: {
        query: REPOSITORY,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(REPOSITORY) } },
      },
    });
    expect(refused.body.errors).toEqual([
      {
        message: 'PersistedQueryNotSupported',
        extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
      },
    ]);
    // Without the extension the same query is served as usual.
    expect((await graphql(off.url, REPOSITORY)).body).toEqual(REPOSITORY_DATA);
  });

  it('keeps a bounded number of persisted queries, the least recently used going first', async () => {
    const gw = await start({ persistedQueries: { maxEntries: 2 } });
    const queries = ['a', 'b', 'c'].map(
      (n) => `{ ${n}: repository(fullName: "alice/${n}") { fullName } }`,
    );
    const register = (query: string) =>
      request(`${gw.url}/graphql`, {
        body: { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } },
      });
    const byHash = (query: string) =>
      request(`${gw.url}/graphql`, {
        body: { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } },
      });
    for (const query of queries) expect((await register(query)).body.errors).toBeUndefined();
    expect(gw.executionStats().persistedQueries).toBe(2);
    expect((await byHash(queries[0]!)).body.errors[0].extensions.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect((await byHash(queries[2]!)).body.data).toEqual({ c: { fullName: 'alice/c' } });
  });

  describe('allow-list (GATEWAY_PERSISTED_OPERATIONS)', () => {
    const listed = 'query Listed { repository(fullName: "alice/demo") { fullName description } }';
    const listedWithVariable =
      'query ListedVar($name: String!) { repository(fullName: $name) { fullName } }';
    const manifest = join(dir, 'persisted-query-manifest.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [
          { id: 'listed-1', body: listed, name: 'Listed', type: 'query' },
          { id: 'listed-2', body: listedWithVariable, name: 'ListedVar', type: 'query' },
        ],
      }),
    );
    const viewers = () =>
      [
        ['anonymous', {}],
        ['outsider', { authorization: `Bearer ${bobToken}` }],
        ['owner', { authorization: `Bearer ${aliceToken}` }],
      ] as const;

    it('serves listed operations by body, by manifest id and by sha256 (POST and GET), to anyone', async () => {
      const gw = await start({ persistedOperations: { manifestPath: manifest } });
      for (const [, headers] of viewers()) {
        const byBody = await graphql(gw.url, listed, undefined, headers);
        expect(byBody.body).toEqual(REPOSITORY_DATA);
        for (const id of ['listed-1', sha256(listed)]) {
          const byId = await request(`${gw.url}/graphql`, {
            headers,
            body: { extensions: { persistedQuery: { version: 1, sha256Hash: id } } },
          });
          expect(byId.body).toEqual(REPOSITORY_DATA);
        }
        const extensions = JSON.stringify({
          persistedQuery: { version: 1, sha256Hash: 'listed-1' },
        });
        const get = await request(
          `${gw.url}/graphql?extensions=${encodeURIComponent(extensions)}`,
          { headers: { ...headers, 'apollo-require-preflight': 'true' } },
        );
        expect(get.body).toEqual(REPOSITORY_DATA);
      }
    });

    it('refuses anything else with PERSISTED_QUERY_NOT_IN_LIST, before any subgraph is called', async () => {
      const gw = await start({ persistedOperations: { manifestPath: manifest } });
      const before = repos.received.length;
      for (const [, headers] of viewers()) {
        for (const accept of ['application/json', 'application/graphql-response+json']) {
          const res = await graphql(gw.url, REPOSITORY, undefined, { ...headers, accept });
          expect(res.status).toBe(accept === 'application/json' ? 200 : 400);
          expect(res.body.data).toBeUndefined();
          expect(res.body.errors).toHaveLength(1);
          expect(res.body.errors[0].extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_IN_LIST' });
        }
        // Registering it through APQ does not get it in either.
        const apq = await request(`${gw.url}/graphql`, {
          headers,
          body: {
            query: REPOSITORY,
            extensions: { persistedQuery: { version: 1, sha256Hash: sha256(REPOSITORY) } },
          },
        });
        expect(apq.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
        const unknownId = await request(`${gw.url}/graphql`, {
          headers,
          body: { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(REPOSITORY) } } },
        });
        expect(unknownId.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      }
      expect(repos.received.length).toBe(before);
    });

    it('a listed operation named by id that Apollo Server answers gets its real answer', async () => {
      const gw = await start({ persistedOperations: { manifestPath: manifest } });
      const byId = (variables?: Record<string, unknown>) =>
        request(`${gw.url}/graphql`, {
          body: {
            variables,
            extensions: { persistedQuery: { version: 1, sha256Hash: 'listed-2' } },
          },
        });
      expect((await byId({ name: 'alice/x' })).body).toEqual({
        data: { repository: { fullName: 'alice/x' } },
      });
      // Missing variable: Apollo's coercion error, not PERSISTED_QUERY_NOT_FOUND.
      const missing = await byId();
      expect(missing.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('is enforced with the fast path off too', async () => {
      const gw = await start({ enabled: false, persistedOperations: { manifestPath: manifest } });
      const refused = await graphql(gw.url, REPOSITORY);
      expect(refused.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect((await graphql(gw.url, listed)).body).toEqual(REPOSITORY_DATA);
      const byId = await request(`${gw.url}/graphql`, {
        body: { extensions: { persistedQuery: { version: 1, sha256Hash: 'listed-1' } } },
      });
      expect(byId.body).toEqual(REPOSITORY_DATA);
      expect(gw.executionStats().preparedOperations).toBe(0);
    });

    it('serves arbitrary operations when GATEWAY_ALLOW_ARBITRARY_OPERATIONS is true', async () => {
      const gw = await start({
        persistedOperations: { manifestPath: manifest, allowArbitrary: true },
      });
      expect((await graphql(gw.url, REPOSITORY)).body).toEqual(REPOSITORY_DATA);
    });

    it('refuses to start on a file that is not a manifest', async () => {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ operations: [] }));
      await expect(start({ persistedOperations: { manifestPath: bad } })).rejects.toThrow(
        /not an Apollo persisted-query manifest/,
      );
    });
  });
});
