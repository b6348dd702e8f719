import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { isFeedToken, viewerFromAuthorization } from '@gitforge/auth';
import { gitforgeError, maskError } from '@gitforge/errors';
import { AsyncQueue } from '@gitforge/pubsub';
import { apolloRequestHandler } from '@gitforge/server';

export interface StubEvent {
  cursor: string;
  action: string;
  issueId: string;
  repositoryPublic: boolean;
  payload: string;
}

interface Caller {
  feed: boolean;
  login: string | null;
}

interface Listener {
  repository: string;
  caller: Caller;
  queue: AsyncQueue<StubEvent>;
}

/**
 * A stand-in for the issues subgraph's issue-15 contract over real graphql-ws and HTTP:
 * `issueEvents(repository, after)` replays its in-memory log after a cursor then continues live,
 * `repositoryAccessChanges` and `issueEventsAccess` as in shared/../feeds-contract.md. It counts
 * what the gateway asks (upstream subscriptions, their `after`, access checks per caller).
 */
export class FeedSubgraph {
  readonly log = new Map<string, StubEvent[]>();
  /** Repository → { public, members }. */
  readonly repositories = new Map<string, { public: boolean; members: Set<string> }>();
  readonly listeners = new Set<Listener>();
  readonly changeListeners = new Set<AsyncQueue<{ repository: string }>>();
  /** `after` of every issueEvents subscription received, in order. */
  readonly subscribedAfter: (string | null)[] = [];
  /** Access checks received, by caller login ('' = anonymous). */
  readonly accessChecks: string[] = [];
  /** Authorization seen on WebSocket connections. */
  readonly connectionTokens: (string | undefined)[] = [];
  private server?: Server;
  private wss?: WebSocketServer;
  private apollo?: ApolloServer<Caller>;
  private seq = 0;
  port = 0;

  constructor(private readonly jwtSecret: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  /** Open issueEvents subscriptions (for one repository when given). */
  subscriptions(repository?: string): number {
    return [...this.listeners].filter((l) => !repository || l.repository === repository).length;
  }

  emit(repository: string, action: string, payload = ''): StubEvent {
    const repo = this.repositories.get(repository);
    this.seq += 1;
    const event: StubEvent = {
      cursor: `c${String(this.seq).padStart(6, '0')}`,
      action,
      issueId: `${repository}#${this.seq}`,
      repositoryPublic: repo?.public ?? true,
      payload,
    };
    const log = this.log.get(repository) ?? [];
    log.push(event);
    this.log.set(repository, log);
    for (const listener of this.listeners) {
      if (listener.repository === repository) listener.queue.push(event);
    }
    return event;
  }

  changeAccess(repository: string, change: { public?: boolean; members?: string[] }): void {
    const repo = this.repositories.get(repository) ?? { public: true, members: new Set() };
    if (change.public !== undefined) repo.public = change.public;
    if (change.members) repo.members = new Set(change.members);
    this.repositories.set(repository, repo);
    for (const queue of this.changeListeners) queue.push({ repository });
  }

  /** Drops every WebSocket connection (the gateway reconnects and resubscribes). */
  dropConnections(): void {
    for (const socket of this.wss?.clients ?? []) socket.terminate();
  }

  async start(port = this.port): Promise<this> {
    const schema = buildSubgraphSchema({
      typeDefs: parse(TYPE_DEFS),
      resolvers: this.resolvers() as GraphQLResolverMap<unknown>,
    });
    this.apollo = new ApolloServer<Caller>({
      schema,
      csrfPrevention: false,
      stopOnTerminationSignals: false,
      formatError: (formatted, error) => maskError(formatted, error, () => undefined),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    await this.apollo.start();
    const server = createServer((req, res) => {
      const handler = apolloRequestHandler(this.apollo!, {
        context: async (r) => this.caller(r.headers.authorization),
      });
      handler(req, res, new URL(req.url ?? '/', 'http://localhost')).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    this.wss = new WebSocketServer({ server, path: '/graphql' });
    useServer(
      {
        schema,
        context: async (ctx) => {
          const authorization = (ctx.connectionParams as { authorization?: string } | undefined)
            ?.authorization;
          return this.caller(authorization);
        },
        onConnect: (ctx) => {
          this.connectionTokens.push(
            (ctx.connectionParams as { authorization?: string } | undefined)?.authorization,
          );
          return true;
        },
      },
      this.wss,
    );
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.wss?.clients ?? []) socket.terminate();
    this.wss?.close();
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await this.apollo?.stop();
  }

  private async caller(authorization: string | undefined): Promise<Caller> {
    if (isFeedToken(this.jwtSecret, authorization)) return { feed: true, login: null };
    try {
      const viewer = await viewerFromAuthorization(this.jwtSecret, authorization);
      return { feed: false, login: viewer?.login ?? null };
    } catch {
      return { feed: false, login: null };
    }
  }

  private readable(repository: string, caller: Caller): { readable: boolean; public: boolean } {
    const repo = this.repositories.get(repository) ?? { public: true, members: new Set() };
    return {
      readable: repo.public || (caller.login !== null && repo.members.has(caller.login)),
      public: repo.public,
    };
  }

  private resolvers() {
    return {
      Query: {
        feedStubReady: () => true,
        issueEventsAccess: (_: unknown, args: { repository: string }, caller: Caller) => {
          if (caller.feed) throw gitforgeError('FORBIDDEN', 'Not with the feed token');
          this.accessChecks.push(caller.login ?? '');
          return this.readable(args.repository, caller);
        },
      },
      Subscription: {
        issueEvents: {
          subscribe: (
            _: unknown,
            args: { repository: string; after?: string | null },
            caller: Caller,
          ) => {
            if (!caller.feed && !this.readable(args.repository, caller).readable) {
              throw gitforgeError('NOT_FOUND', 'Repository not found');
            }
            this.subscribedAfter.push(args.after ?? null);
            const log = this.log.get(args.repository) ?? [];
            let start = 0;
            if (args.after) {
              if (!/^c\d{6}$/.test(args.after)) throw gitforgeError('BAD_USER_INPUT', 'Bad cursor');
              if (args.after === 'c000000') {
                throw gitforgeError('CURSOR_EXPIRED', 'The cursor is older than retention');
              }
              start = log.findIndex((e) => e.cursor > args.after!);
              if (start < 0) start = log.length;
            }
            const listener: Listener = {
              repository: args.repository,
              caller,
              queue: new AsyncQueue<StubEvent>({
                onClose: () => {
                  this.listeners.delete(listener);
                },
              }),
            };
            for (const event of log.slice(start)) listener.queue.push(event);
            this.listeners.add(listener);
            return listener.queue;
          },
          resolve: (event: StubEvent) => event,
        },
        repositoryAccessChanges: {
          subscribe: (_: unknown, _args: unknown, caller: Caller) => {
            if (!caller.feed) throw gitforgeError('FORBIDDEN', 'Feed token only');
            const queue: AsyncQueue<{ repository: string }> = new AsyncQueue({
              onClose: () => {
                this.changeListeners.delete(queue);
              },
            });
            this.changeListeners.add(queue);
            return queue;
          },
          resolve: (change: { repository: string }) => change,
        },
      },
      IssueEvent: {
        issue: (event: StubEvent) => ({ id: event.issueId }),
        // Answered per viewer by this subgraph (false for the feed token, which is no viewer).
        viewerIsSignedIn: (_event: StubEvent, _args: unknown, caller: Caller) =>
          !caller.feed && caller.login !== null,
      },
    };
  }
}

const TYPE_DEFS = /* GraphQL */ `
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@inaccessible"])

  type Query {
    feedStubReady: Boolean!
    issueEventsAccess(repository: String!): IssueEventsAccess! @inaccessible
  }
  type IssueEventsAccess @inaccessible {
    readable: Boolean!
    public: Boolean!
  }
  type RepositoryAccessChange @inaccessible {
    repository: String!
  }
  type Subscription {
    issueEvents(repository: String!, after: String): IssueEvent!
    repositoryAccessChanges: RepositoryAccessChange! @inaccessible
  }
  type IssueEvent {
    action: String!
    cursor: String!
    repositoryPublic: Boolean! @inaccessible
    payload: String!
    issue: Issue!
    viewerIsSignedIn: Boolean!
  }
  type Issue @key(fields: "id") {
    id: ID!
  }
`;
