/** What the start of a git-receive-pack request says: the ref updates and the client's capabilities. */
export interface ReceivePackCommands {
  /** The refs to update, e.g. `refs/heads/main`. */
  refs: string[];
  capabilities: Set<string>;
  /** Bytes of the command section (up to and including its flush-pkt); the pack follows. */
  length: number;
}

const FLUSH = '0000';

/**
 * Parses the command section of a receive-pack body (pkt-lines `<old> <new> <ref>[\0caps]`,
 * possibly `shallow <sha>` first, ended by a flush-pkt). Undefined while `head` does not hold it
 * all yet, or when it is not a command section at all.
 */
export function parseReceivePackCommands(head: Buffer): ReceivePackCommands | undefined {
  const refs: string[] = [];
  let capabilities = new Set<string>();
  let offset = 0;
  for (;;) {
    if (head.length < offset + 4) return undefined;
    const hex = head.toString('latin1', offset, offset + 4);
    if (hex === FLUSH) return { refs, capabilities, length: offset + 4 };
    if (!/^[0-9a-f]{4}$/.test(hex)) return undefined;
    const size = parseInt(hex, 16);
    if (size < 4) return undefined;
    if (head.length < offset + size) return undefined;
    const line = head.toString('utf8', offset + 4, offset + size).replace(/\n$/, '');
    offset += size;
    if (line.startsWith('shallow ')) continue;
    const [command = '', caps] = line.split('\0', 2);
    const ref = command.split(' ')[2];
    if (ref) refs.push(ref);
    if (caps !== undefined && refs.length === 1) capabilities = new Set(caps.trim().split(/\s+/));
  }
}
