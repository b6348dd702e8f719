/**
 * Reads and writes run concurrently; a switch, fault or recovery waits for them to finish
 * and holds new ones back until it is done (a readers–writer lock, writer = exclusive).
 */
export class OperationGate {
  private active = 0;
  private closed: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  async shared<T>(work: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      if (this.active === 0) this.drained?.();
    }
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    let reopen: () => void = () => {};
    this.closed = new Promise((resolve) => (reopen = resolve));
    try {
      if (this.active > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      return await work();
    } finally {
      this.closed = undefined;
      reopen();
    }
  }
}
