import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { SupergraphManager } from '@apollo/gateway';
import type { Logger } from '@gitforge/logging';
import type { SubgraphEndpoint } from '../subgraphs/parseSubgraphList';
import { readSupergraph } from './readSupergraph';
import type { SupergraphSource } from './SupergraphSource';

type InitializeOptions = Parameters<SupergraphManager['initialize']>[0];

export interface SupergraphFileOptions {
  /** A composed supergraph SDL file (`rover supergraph compose > supergraph.graphql`). */
  path: string;
  logger: Logger;
  /** Changes closer together than this are read once; default 250 ms. */
  debounceMs?: number;
}

interface Loaded {
  hash: string;
  supergraphSdl: string;
  subgraphs: SubgraphEndpoint[];
}

/**
 * Serves a supergraph file and reloads it when it changes. The directory is watched rather
 * than the file, so an editor's or Kubernetes' replace-by-rename is seen too; a content hash
 * tells real changes apart. A file that does not load keeps the current supergraph in service
 * (logged once per content). Queries in flight finish on the plan they started with: the
 * gateway swaps schema, planner and data sources for new requests only.
 */
export class SupergraphFile implements SupergraphSource {
  private update?: (supergraphSdl: string) => void;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private reloading: Promise<void> = Promise.resolve();
  private failedHash?: string;
  private missingLogged = false;
  private stopped = false;
  private readonly listeners = new Set<(subgraphs: SubgraphEndpoint[]) => void>();

  private constructor(
    private readonly options: SupergraphFileOptions,
    private current: Loaded,
  ) {}

  /** Reads and checks the file; throws a readable Error when it is missing or invalid. */
  static async open(options: SupergraphFileOptions): Promise<SupergraphFile> {
    const path = resolve(options.path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new Error(`cannot read the supergraph file ${path}: ${(err as Error).message}`);
    }
    const reading = readSupergraph(text);
    if (!reading.ok) {
      throw new Error(`the supergraph file ${path} is invalid: ${reading.errors.join('; ')}`);
    }
    options.logger.info(
      { file: path, subgraphs: reading.subgraphs.map((s) => s.name) },
      'supergraph file loaded',
    );
    return new SupergraphFile({ ...options, path }, { hash: hashOf(text), ...reading });
  }

  subgraphs(): SubgraphEndpoint[] {
    return this.current.subgraphs;
  }

  onSubgraphsChange(listener: (subgraphs: SubgraphEndpoint[]) => void): void {
    this.listeners.add(listener);
  }

  async initialize({ update }: InitializeOptions) {
    this.update = update;
    const { path, logger } = this.options;
    this.watcher = watch(dirname(path), { persistent: false }, () => this.schedule());
    this.watcher.on('error', (err) => logger.error({ err, file: path }, 'supergraph watch failed'));
    // A change between open() and now is not missed.
    this.schedule();
    return { supergraphSdl: this.current.supergraphSdl, cleanup: () => this.stop() };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.watcher?.close();
    await this.reloading;
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.reloading = this.reloading.then(() => this.reload());
    }, this.options.debounceMs ?? 250);
    this.timer.unref();
  }

  private async reload(): Promise<void> {
    const { path, logger } = this.options;
    if (this.stopped) return;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if (!this.missingLogged) {
        logger.error(
          { file: path, err },
          'supergraph file unreadable; keeping the previous supergraph',
        );
      }
      this.missingLogged = true;
      return;
    }
    this.missingLogged = false;
    const hash = hashOf(text);
    if (hash === this.current.hash || hash === this.failedHash || this.stopped) return;
    const reading = readSupergraph(text);
    if (!reading.ok) {
      this.failedHash = hash;
      logger.error(
        { file: path, errors: reading.errors },
        'supergraph file invalid; keeping the previous supergraph',
      );
      return;
    }
    try {
      this.update?.(reading.supergraphSdl);
    } catch (err) {
      this.failedHash = hash;
      logger.error(
        { file: path, err },
        'gateway rejected the new supergraph; keeping the previous one',
      );
      return;
    }
    this.current = { hash, ...reading };
    logger.info(
      { file: basename(path), subgraphs: reading.subgraphs.map((s) => s.name) },
      'supergraph reloaded',
    );
    for (const listener of this.listeners) listener(reading.subgraphs);
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
