import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { Kind, OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startFederation, type Federation } from './support/federation';
import { uniqueRepo } from './support/startIssuesSubgraph';
import { until } from './support/wsClient';

/**
 * What the web UI does: one Apollo Client, queries and mutations over HTTP and subscriptions
 * over `GraphQLWsLink`, both to the gateway's `/graphql`.
 */
let fed: Federation;
const clients: ApolloClient[] = [];

beforeAll(async () => {
  fed = await startFederation();
});
afterAll(async () => {
  for (const client of clients) client.stop();
  await fed?.close();
});

async function apolloClientFor(login: string): Promise<ApolloClient> {
  const token = await fed.token(login);
  const url = `${fed.gateway.url}/graphql`;
  const ws = new GraphQLWsLink(
    createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
    }),
  );
  const http = new HttpLink({ uri: url, headers: { authorization: `Bearer ${token}` } });
  const client = new ApolloClient({
    cache: new InMemoryCache(),
    link: ApolloLink.split(
      ({ query }) => {
        const definition = getMainDefinition(query);
        return (
          definition.kind === Kind.OPERATION_DEFINITION &&
          definition.operation === OperationTypeNode.SUBSCRIPTION
        );
      },
      ws,
      http,
    ),
  });
  clients.push(client);
  return client;
}

const ISSUE_EVENTS = gql`
  subscription IssueEvents($repository: String!) {
    issueEvents(repository: $repository) {
      id
      action
      issue {
        id
        number
        title
        repository {
          fullName
          description
          private
        }
      }
      comment {
        id
        body
      }
    }
  }
`;

it('receives issue events through GraphQLWsLink with the cross-subgraph fields', async () => {
  const repo = uniqueRepo('alice');
  fed.rows.set(repo, { description: 'Watched from the UI', private: false });
  const watcher = await apolloClientFor('bob');
  const author = await apolloClientFor('alice');

  const events: any[] = [];
  const errors: unknown[] = [];
  const subscription = watcher
    .subscribe({ query: ISSUE_EVENTS, variables: { repository: repo } })
    .subscribe({
      next: (result) => {
        if (result.error) errors.push(result.error);
        else events.push((result.data as { issueEvents?: unknown } | undefined)?.issueEvents);
      },
      error: (err: unknown) => errors.push(err),
    });
  await until(() => fed.subscriptionListeners() === 1, 'the subscription');

  const created = await author.mutate({
    mutation: gql`
      mutation Create($input: CreateIssueInput!) {
        createIssue(input: $input) {
          id
          number
        }
      }
    `,
    variables: { input: { repository: repo, title: 'From Apollo Client' } },
  });
  const issueId = (created.data as { createIssue: { id: string } }).createIssue.id;
  await author.mutate({
    mutation: gql`
      mutation Comment($input: AddCommentInput!) {
        addComment(input: $input) {
          id
        }
      }
    `,
    variables: { input: { issueId, body: 'Live!' } },
  });

  await until(() => events.length === 2, 'two events');
  subscription.unsubscribe();
  expect(errors).toEqual([]);
  const repository = {
    __typename: 'Repository',
    fullName: repo,
    description: 'Watched from the UI',
    private: false,
  };
  expect(events.map((e) => [e.action, e.issue.title, e.issue.repository, e.comment?.body])).toEqual(
    [
      ['CREATED', 'From Apollo Client', repository, undefined],
      ['COMMENTED', 'From Apollo Client', repository, 'Live!'],
    ],
  );
  await until(() => fed.subscriptionListeners() === 0, 'the unsubscribe');
});
