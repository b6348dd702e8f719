/** The events of the subscription benchmark: issues created through the gateway, timed. */

/** The monotonic clock of every process on the machine (the clients read it too), in ms. */
const hrMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Creates the issues whose events the subscribers receive; keeps each one's send time. */
export class EventProducer {
  readonly next: number[];
  readonly sentAt: number[][];
  readonly answeredAt: number[][];
  constructor(
    private readonly gateway: string,
    private readonly authorization: string,
    private readonly names: string[],
  ) {
    this.next = names.map(() => 0);
    this.sentAt = names.map(() => []);
    this.answeredAt = names.map(() => []);
  }

  async produce(repository: number): Promise<void> {
    const n = this.next[repository]!;
    this.next[repository] = n + 1;
    this.sentAt[repository]![n] = hrMs();
    const res = await fetch(`${this.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: this.authorization },
      body: JSON.stringify({
        query: 'mutation($i: CreateIssueInput!) { createIssue(input: $i) { id } }',
        variables: { i: { repository: this.names[repository], title: `r${repository}-${n}` } },
      }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    this.answeredAt[repository]![n] = hrMs();
    if (body.errors) throw new Error(`createIssue failed: ${JSON.stringify(body.errors)}`);
  }
}
