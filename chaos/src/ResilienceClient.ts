/** A GraphQL error as the services send it (extensions.code from the shared registry). */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

export interface ServiceStatus {
  state: string;
  strategy: string;
  pid: number;
  /** Changes with every restart of the process. */
  processStartedAt: string;
  keys: number;
}

export interface RecoveryReport {
  id: string;
  strategy: string;
  recoveredFrom: string;
  keysRecovered: number;
  acknowledgedKeysChecked: number;
  acknowledgedWritesLost: number;
  missingKeys: number;
  staleKeys: number;
  resurrectedKeys: number;
  snapshotsRejected: number;
  logRecordsReplayed: number;
  logBytesDiscarded: number;
  replicaNode: number | null;
  replicasResynced: number;
  rtoMs: number;
  faultToFirstReadMs: number | null;
  notes: string[];
}

export const REPORT_FIELDS = `id strategy recoveredFrom keysRecovered acknowledgedKeysChecked acknowledgedWritesLost
  missingKeys staleKeys resurrectedKeys snapshotsRejected logRecordsReplayed logBytesDiscarded replicaNode
  replicasResynced rtoMs faultToFirstReadMs notes`;

/** Drives the resilience subgraph (directly or through the gateway) the way a researcher would. */
export class ResilienceClient {
  constructor(
    readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 60_000,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(this.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = (await res.json()) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const [error] = body.errors ?? [];
    if (error) throw new GraphQLRequestError(error.message, error.extensions?.code);
    if (!body.data) throw new GraphQLRequestError(`HTTP ${res.status} without data`, undefined);
    return body.data;
  }

  async status(): Promise<ServiceStatus> {
    const data = await this.request<{ resilience: ServiceStatus }>(
      '{ resilience { state strategy pid processStartedAt keys } }',
    );
    return data.resilience;
  }

  async switchStrategy(kind: string, config: Record<string, unknown> = {}): Promise<void> {
    await this.request(
      `mutation($kind: StrategyKind!, $config: StrategyConfigInput) {
        switchStrategy(kind: $kind, config: $config) { to }
      }`,
      { kind, config },
    );
  }

  async store(key: string, value: string): Promise<void> {
    await this.request('mutation($k: String!, $v: String!) { store(key: $k, value: $v) { key } }', {
      k: key,
      v: value,
    });
  }

  async storeBatch(entries: { key: string; value: string }[]): Promise<void> {
    await this.request('mutation($e: [KvInput!]!) { storeBatch(entries: $e) { count } }', {
      e: entries,
    });
  }

  /** Values of up to 1000 keys (undefined where absent). */
  async values(keys: string[]): Promise<(string | undefined)[]> {
    const data = await this.request<{ values: ({ value: string } | null)[] }>(
      'query($k: [String!]!) { values(keys: $k) { value } }',
      { k: keys },
    );
    return data.values.map((v) => v?.value);
  }

  async injectFailure(fault: string, node?: number): Promise<string> {
    const data = await this.request<{ injectFailure: { detail: string } }>(
      'mutation($f: FaultKind!, $n: Int) { injectFailure(fault: $f, node: $n) { detail } }',
      { f: fault, n: node ?? null },
    );
    return data.injectFailure.detail;
  }

  async recover(): Promise<RecoveryReport> {
    const data = await this.request<{ recover: RecoveryReport }>(
      `mutation { recover { ${REPORT_FIELDS} } }`,
    );
    return data.recover;
  }

  async resetWorkload(): Promise<number> {
    return (await this.request<{ resetWorkload: number }>('mutation { resetWorkload }'))
      .resetWorkload;
  }

  /** Polls until the service answers GraphQL (a restarted process), or throws after `timeoutMs`. */
  async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.status();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
}
