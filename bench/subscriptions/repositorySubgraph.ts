/**
 * The repository subgraph stand-in used by the subscription benchmark (the real one needs a
 * Gitea): owns `Repository.description`, so every event costs the gateway an entity fetch.
 * Prints `listening <url>` once it serves. Env: PORT, GITFORGE_JWT_SECRET.
 */
import { repositoryModule } from '../../gateway/test/support/repositoryModule';
import { TestSubgraph } from '../../gateway/test/support/testSubgraph';

async function main(): Promise<void> {
  const secret = process.env.GITFORGE_JWT_SECRET ?? '';
  const subgraph = await new TestSubgraph(repositoryModule(new Map()), secret, {
    recordRequests: false,
  }).start(Number(process.env.PORT ?? 0));
  process.stdout.write(`listening ${subgraph.url}\n`);
  const stop = () => {
    subgraph.dispose().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
