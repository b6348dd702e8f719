import './playgroundWorkers';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useSession } from '../auth/SessionProvider';
import { createPlaygroundFetcher } from './playgroundFetcher';

const DEFAULT_QUERY = `# GitForge GraphQL playground: queries, mutations and subscriptions
# on the gateway's /graphql. Your session token is in the Headers tab below.

query Repositories {
  repositories(first: 10) {
    totalCount
    nodes { fullName description private }
  }
}

query Issues($repository: String = "demo/hello") {
  issues(repository: $repository, first: 10) {
    totalCount
    nodes { number title state labels { name } }
  }
}

# Runs until stopped: open or comment on an issue in another tab.
subscription IssueEvents($repository: String! = "demo/hello") {
  issueEvents(repository: $repository) {
    action
    issue { number title state }
    comment { body }
    actor { login }
  }
}
`;

export default function PlaygroundPage() {
  const { session } = useSession();
  const fetcher = useMemo(() => createPlaygroundFetcher(window.location.origin), []);
  const headers = session
    ? JSON.stringify({ Authorization: `Bearer ${session.token}` }, null, 2)
    : '';
  return (
    <div className="flex h-screen flex-col">
      <header className="flex flex-wrap items-center gap-3 bg-slate-900 px-4 py-2 text-sm text-white">
        <Link to="/" className="font-bold">
          GitForge
        </Link>
        <span className="text-slate-300">GraphQL playground</span>
        <span className="ml-auto text-slate-300">
          {session ? (
            <>
              Sending the session of <strong className="text-white">{session.login}</strong>{' '}
              (Headers tab)
            </>
          ) : (
            <>
              Anonymous:{' '}
              <Link to="/login?next=/playground" className="underline">
                sign in
              </Link>{' '}
              to send your session token
            </>
          )}
        </span>
      </header>
      <div className="min-h-0 flex-1">
        <GraphiQL
          fetcher={fetcher}
          defaultQuery={DEFAULT_QUERY}
          initialHeaders={headers}
          shouldPersistHeaders={false}
          defaultEditorToolsVisibility={session ? 'headers' : undefined}
        />
      </div>
    </div>
  );
}
