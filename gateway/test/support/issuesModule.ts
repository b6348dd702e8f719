import { randomUUID } from 'node:crypto';
import { parse } from 'graphql';
import { gitforgeError, badUserInput } from '@gitforge/errors';
import type { SubgraphContext, SubgraphModule } from './testSubgraph';

interface IssueRow {
  id: string;
  number: number;
  repository: string;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED';
  labels: string[];
  author: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

interface CommentRow {
  id: string;
  issueId: string;
  author: string;
  body: string;
  createdAt: string;
}

/** An in-memory slice of the issues subgraph contract (enough for the REST mapping and audits). */
export function issuesModule(): SubgraphModule & { issues: IssueRow[]; comments: CommentRow[] } {
  const issues: IssueRow[] = [];
  const comments: CommentRow[] = [];
  const now = () => new Date().toISOString();
  const find = (id: string) => {
    const issue = issues.find((i) => i.id === id);
    if (!issue) throw gitforgeError('NOT_FOUND', `Issue ${id} not found`);
    return issue;
  };
  const signedIn = (ctx: SubgraphContext) => {
    if (!ctx.viewer) throw gitforgeError('UNAUTHENTICATED', 'Sign in to do this');
    return ctx.viewer.login;
  };
  const editable = (id: string, ctx: SubgraphContext) => {
    const login = signedIn(ctx);
    const issue = find(id);
    if (issue.author !== login && issue.repository.split('/')[0] !== login) {
      throw gitforgeError('FORBIDDEN', 'Only the author or the repository owner may do this');
    }
    return issue;
  };
  const connection = <T>(rows: T[], first: number) => {
    if (first < 1 || first > 100) throw badUserInput('first', 'must be between 1 and 100');
    return { nodes: rows.slice(0, first), totalCount: rows.length };
  };
  const title = (value: string) => {
    if (value.trim() === '') throw badUserInput('title', 'must not be empty');
    return value;
  };

  const typeDefs = parse(/* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    scalar DateTime
    enum IssueState {
      OPEN
      CLOSED
    }
    type Repository @key(fields: "fullName") {
      fullName: String!
      issues(state: IssueState, first: Int = 20): IssueConnection!
    }
    type User @key(fields: "login", resolvable: false) {
      login: String!
    }
    type Label {
      name: String!
      color: String!
    }
    type Issue @key(fields: "id") {
      id: ID!
      number: Int!
      repository: Repository!
      title: String!
      body: String!
      state: IssueState!
      labels: [Label!]!
      author: User!
      createdAt: DateTime!
      updatedAt: DateTime!
      closedAt: DateTime
      commentCount: Int!
      comments(first: Int = 20): CommentConnection!
    }
    type Comment @key(fields: "id") {
      id: ID!
      issue: Issue!
      author: User!
      body: String!
      createdAt: DateTime!
    }
    type IssueConnection {
      nodes: [Issue!]!
      totalCount: Int!
    }
    type CommentConnection {
      nodes: [Comment!]!
      totalCount: Int!
    }
    type Query {
      issues(repository: String, state: IssueState, first: Int = 20): IssueConnection!
      issueById(id: ID!): Issue!
      viewerLogin: String
      boom: String
    }
    input CreateIssueInput {
      repository: String!
      title: String!
      body: String = ""
      labels: [String!] = []
    }
    input UpdateIssueInput {
      id: ID!
      title: String
      body: String
      labels: [String!]
    }
    input CloseIssueInput {
      id: ID!
    }
    input ReopenIssueInput {
      id: ID!
    }
    input AddCommentInput {
      issueId: ID!
      body: String!
    }
    type Mutation {
      createIssue(input: CreateIssueInput!): Issue!
      updateIssue(input: UpdateIssueInput!): Issue!
      closeIssue(input: CloseIssueInput!): Issue!
      reopenIssue(input: ReopenIssueInput!): Issue!
      addComment(input: AddCommentInput!): Comment!
    }
  `);

  type Args = Record<string, never> & { input: Record<string, unknown> };
  const resolvers = {
    Query: {
      issues: (_: unknown, a: { repository?: string; state?: string; first: number }) =>
        connection(
          issues.filter(
            (i) =>
              (!a.repository || i.repository === a.repository) && (!a.state || i.state === a.state),
          ),
          a.first,
        ),
      issueById: (_: unknown, a: { id: string }) => find(a.id),
      viewerLogin: (_: unknown, __: unknown, ctx: SubgraphContext) => ctx.viewer?.login ?? null,
      boom: () => {
        throw new Error('relation "issues" does not exist at /srv/secret.sql');
      },
    },
    Mutation: {
      createIssue: (_: unknown, { input }: Args, ctx: SubgraphContext) => {
        const author = signedIn(ctx);
        const repository = input.repository as string;
        const row: IssueRow = {
          id: randomUUID(),
          number: issues.filter((i) => i.repository === repository).length + 1,
          repository,
          title: title(input.title as string),
          body: (input.body as string | undefined) ?? '',
          state: 'OPEN',
          labels: (input.labels as string[] | undefined) ?? [],
          author,
          createdAt: now(),
          updatedAt: now(),
          closedAt: null,
        };
        issues.push(row);
        return row;
      },
      updateIssue: (_: unknown, { input }: Args, ctx: SubgraphContext) => {
        const issue = editable(input.id as string, ctx);
        if (typeof input.title === 'string') issue.title = title(input.title);
        if (typeof input.body === 'string') issue.body = input.body;
        if (Array.isArray(input.labels)) issue.labels = input.labels as string[];
        issue.updatedAt = now();
        return issue;
      },
      closeIssue: (_: unknown, { input }: Args, ctx: SubgraphContext) => {
        const issue = editable(input.id as string, ctx);
        if (issue.state === 'CLOSED') throw gitforgeError('CONFLICT', 'Issue is already closed');
        Object.assign(issue, { state: 'CLOSED', closedAt: now(), updatedAt: now() });
        return issue;
      },
      reopenIssue: (_: unknown, { input }: Args, ctx: SubgraphContext) => {
        const issue = editable(input.id as string, ctx);
        if (issue.state === 'OPEN') throw gitforgeError('CONFLICT', 'Issue is already open');
        Object.assign(issue, { state: 'OPEN', closedAt: null, updatedAt: now() });
        return issue;
      },
      addComment: (_: unknown, { input }: Args, ctx: SubgraphContext) => {
        const author = signedIn(ctx);
        const issue = find(input.issueId as string);
        const body = input.body as string;
        if (body.trim() === '') throw badUserInput('body', 'must not be empty');
        const row = { id: randomUUID(), issueId: issue.id, author, body, createdAt: now() };
        comments.push(row);
        return row;
      },
    },
    Repository: {
      __resolveReference: (ref: { fullName: string }) => ref,
      issues: (repo: { fullName: string }, a: { state?: string; first: number }) =>
        connection(
          issues.filter((i) => i.repository === repo.fullName && (!a.state || i.state === a.state)),
          a.first,
        ),
    },
    Issue: {
      __resolveReference: (ref: { id: string }) => find(ref.id),
      repository: (i: IssueRow) => ({ fullName: i.repository }),
      author: (i: IssueRow) => ({ login: i.author }),
      labels: (i: IssueRow) => i.labels.map((name) => ({ name, color: '888888' })),
      commentCount: (i: IssueRow) => comments.filter((c) => c.issueId === i.id).length,
      comments: (i: IssueRow, a: { first: number }) =>
        connection(
          comments.filter((c) => c.issueId === i.id),
          a.first,
        ),
    },
    Comment: {
      __resolveReference: (ref: { id: string }) => comments.find((c) => c.id === ref.id),
      issue: (c: CommentRow) => find(c.issueId),
      author: (c: CommentRow) => ({ login: c.author }),
    },
  };
  return { typeDefs, resolvers: resolvers, issues, comments };
}
