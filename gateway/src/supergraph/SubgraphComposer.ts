import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SupergraphManager } from '@apollo/gateway';
import type { Logger } from '@gitforge/logging';
import type { Fetcher } from '../subgraphs/BufferedResponse';
import type { SubgraphEndpoint } from '../subgraphs/parseSubgraphList';
import { describeUpstreamFailure } from '../subgraphs/toUpstreamError';
import { composeSupergraph } from './composeSupergraph';
import { fetchSubgraphSdl } from './fetchSubgraphSdl';
import type { SupergraphSource } from './SupergraphSource';

type InitializeOptions = Parameters<SupergraphManager['initialize']>[0];

export interface SubgraphComposerOptions {
  subgraphs: SubgraphEndpoint[];
  fetch: Fetcher;
  logger: Logger;
  /** How often every subgraph's SDL is re-read once the first supergraph is served. */
  pollIntervalMs: number;
  /** Backoff while waiting for the first composition: starts here, doubles up to `retryMaxMs`. */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

type Attempt =
  | { kind: 'unchanged' }
  | { kind: 'composed'; key: string; supergraphSdl: string }
  | { kind: 'unreachable'; failures: Record<string, string> }
  | { kind: 'invalid'; key: string; errors: string[]; repeated: boolean };

/**
 * The gateway's SupergraphManager: reads `{ _service { sdl } }` from every subgraph and
 * composes in-process. At start it waits (with backoff) until all subgraphs answer and
 * compose; then it polls and calls `update()` when any SDL changes. A composition failure
 * leaves the previous supergraph in service.
 */
export class SubgraphComposer implements SupergraphSource {
  private readonly stopping = new AbortController();
  private update?: (supergraphSdl: string) => void;
  private timer?: NodeJS.Timeout;
  private polling: Promise<void> = Promise.resolve();
  private currentKey?: string;
  private failedKey?: string;
  private unreachableKey = '';

  constructor(private readonly options: SubgraphComposerOptions) {}

  subgraphs(): SubgraphEndpoint[] {
    return this.options.subgraphs;
  }

  /** The list is fixed: nothing to tell. */
  onSubgraphsChange(): void {}

  async initialize({ update }: InitializeOptions) {
    this.update = update;
    const supergraphSdl = await this.composeWhenAvailable();
    this.schedulePoll();
    return { supergraphSdl, cleanup: () => this.stop() };
  }

  /** Stops waiting or polling; safe to call at any time, more than once. */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.polling;
  }

  private async composeWhenAvailable(): Promise<string> {
    const { logger, retryInitialMs = 200, retryMaxMs = 5000 } = this.options;
    let delay = retryInitialMs;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt();
      if (outcome.kind === 'composed') {
        this.currentKey = outcome.key;
        logger.info({ subgraphs: this.names(), attempt }, 'supergraph composed');
        return outcome.supergraphSdl;
      }
      if (outcome.kind === 'unreachable') {
        logger.warn(
          { attempt, retryInMs: delay, unreachable: outcome.failures },
          'waiting for subgraphs to come up',
        );
      } else if (outcome.kind === 'invalid') {
        logger.error(
          { attempt, retryInMs: delay, errors: outcome.errors },
          'supergraph composition failed; retrying',
        );
      }
      await sleep(delay, undefined, { signal: this.stopping.signal });
      delay = Math.min(delay * 2, retryMaxMs);
    }
  }

  private schedulePoll(): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.polling = this.pollOnce().finally(() => this.schedulePoll());
    }, this.options.pollIntervalMs);
    this.timer.unref();
  }

  private async pollOnce(): Promise<void> {
    const { logger } = this.options;
    let outcome: Attempt;
    try {
      outcome = await this.attempt();
    } catch (err) {
      logger.error({ err }, 'supergraph poll failed');
      return;
    }
    if (this.stopping.signal.aborted) return;
    if (outcome.kind === 'unreachable') {
      const key = Object.keys(outcome.failures).sort().join(',');
      if (key !== this.unreachableKey) {
        logger.warn({ unreachable: outcome.failures }, 'subgraphs unreachable; keeping supergraph');
      }
      this.unreachableKey = key;
      return;
    }
    if (this.unreachableKey !== '') logger.info('all subgraphs reachable again');
    this.unreachableKey = '';
    if (outcome.kind === 'invalid') {
      if (!outcome.repeated) {
        logger.error(
          { errors: outcome.errors },
          'supergraph composition failed; keeping the previous supergraph',
        );
      }
      return;
    }
    if (outcome.kind === 'composed') {
      try {
        this.update?.(outcome.supergraphSdl);
        this.currentKey = outcome.key;
        logger.info({ subgraphs: this.names() }, 'supergraph updated');
      } catch (err) {
        this.failedKey = outcome.key;
        logger.error({ err }, 'gateway rejected the new supergraph; keeping the previous one');
      }
    }
  }

  private async attempt(): Promise<Attempt> {
    const { subgraphs, fetch } = this.options;
    const results = await Promise.allSettled(subgraphs.map((s) => fetchSubgraphSdl(fetch, s)));
    const failures: Record<string, string> = {};
    const sdls: string[] = [];
    results.forEach((result, i) => {
      const name = subgraphs[i]!.name;
      if (result.status === 'fulfilled') sdls.push(result.value);
      else failures[name] = `${subgraphs[i]!.url}: ${describeUpstreamFailure(result.reason)}`;
    });
    if (Object.keys(failures).length > 0) return { kind: 'unreachable', failures };

    const key = subgraphs
      .map((s, i) => `${s.name}:${createHash('sha256').update(sdls[i]!).digest('hex')}`)
      .join(',');
    if (key === this.currentKey) return { kind: 'unchanged' };
    if (key === this.failedKey) return { kind: 'invalid', key, errors: [], repeated: true };
    const composed = composeSupergraph(subgraphs.map((s, i) => ({ ...s, sdl: sdls[i]! })));
    if (!composed.ok) {
      this.failedKey = key;
      return { kind: 'invalid', key, errors: composed.errors, repeated: false };
    }
    return { kind: 'composed', key, supergraphSdl: composed.supergraphSdl };
  }

  private names(): string[] {
    return this.options.subgraphs.map((s) => s.name);
  }
}
