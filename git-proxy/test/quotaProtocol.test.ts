import { receivePackRefusal } from '../src/quota/quotaRefusal';
import { parseReceivePackCommands } from '../src/quota/receivePackCommands';

/** The pkt-line parts of the push quota: reading a push's commands, writing git's refusal. */

const pkt = (text: string) =>
  `${(Buffer.byteLength(text) + 4).toString(16).padStart(4, '0')}${text}`;
const ZERO = '0'.repeat(40);
const A = 'a'.repeat(40);

/** Splits a pkt-line stream into its payloads (`null` for a flush-pkt). */
function pktLines(data: Buffer): (Buffer | null)[] {
  const out: (Buffer | null)[] = [];
  for (let at = 0; at < data.length;) {
    const size = parseInt(data.toString('latin1', at, at + 4), 16);
    out.push(size === 0 ? null : data.subarray(at + 4, at + size));
    at += size === 0 ? 4 : size;
  }
  return out;
}

describe('parseReceivePackCommands', () => {
  const body = Buffer.from(
    pkt(`shallow ${A}\n`) +
      pkt(`${ZERO} ${A} refs/heads/main\0report-status side-band-64k agent=git/2\n`) +
      pkt(`${A} ${ZERO} refs/heads/old\n`) +
      '0000PACK....',
  );

  it('reads the refs, the capabilities and where the pack starts', () => {
    const commands = parseReceivePackCommands(body)!;
    expect(commands.refs).toEqual(['refs/heads/main', 'refs/heads/old']);
    expect([...commands.capabilities]).toEqual(['report-status', 'side-band-64k', 'agent=git/2']);
    expect(body.subarray(commands.length).toString()).toBe('PACK....');
  });

  it('waits for the flush-pkt, and refuses what is not pkt-lines', () => {
    expect(parseReceivePackCommands(body.subarray(0, 100))).toBeUndefined();
    expect(parseReceivePackCommands(Buffer.from('PACK'))).toBeUndefined();
    expect(parseReceivePackCommands(Buffer.from('0000'))).toMatchObject({ refs: [], length: 4 });
  });
});

describe('receivePackRefusal', () => {
  const commands = (caps: string) => ({
    refs: ['refs/heads/main', 'refs/heads/dev'],
    capabilities: new Set(caps.split(' ')),
    length: 0,
  });

  it('puts the message on side-band 2 and the report-status on side-band 1', () => {
    const lines = pktLines(
      receivePackRefusal(commands('report-status side-band-64k'), 'over quota', 'quota exceeded'),
    );
    expect(lines.at(-1)).toBeNull();
    const bands = lines.slice(0, -1).map((line) => [line![0], line!.subarray(1)] as const);
    expect(bands[0]).toEqual([2, Buffer.from('over quota\n')]);
    const report = Buffer.concat(bands.filter(([band]) => band === 1).map(([, data]) => data));
    expect(pktLines(report).map((l) => l?.toString() ?? null)).toEqual([
      'unpack quota exceeded\n',
      'ng refs/heads/main quota exceeded\n',
      'ng refs/heads/dev quota exceeded\n',
      null,
    ]);
  });

  it('answers a plain report-status without side-band, and keeps packets within side-band limits', () => {
    const plain = pktLines(receivePackRefusal(commands('report-status'), 'msg', 'r'));
    expect(plain.map((l) => l?.toString() ?? null)).toEqual([
      'unpack r\n',
      'ng refs/heads/main r\n',
      'ng refs/heads/dev r\n',
      null,
    ]);
    const long = receivePackRefusal(commands('report-status side-band'), 'x'.repeat(5000), 'r');
    for (const line of pktLines(long)) if (line) expect(line.length + 4).toBeLessThanOrEqual(1000);
  });
});
