import { print, parse } from 'graphql';
import { GITFORGE_FEED_POLICIES, isViewerDependentField } from '../../src/subscriptions/feedPolicy';
import {
  jsonMessageReplacer,
  SerializedPayload,
  spliceSerializedPayloads,
} from '../../src/subscriptions/serializeOnce';
import { argumentValue, upstreamOperation } from '../../src/subscriptions/upstreamOperation';

const policy = GITFORGE_FEED_POLICIES[0]!;
const normalized = (text: string) => print(parse(text));

describe('upstreamOperation', () => {
  it('replaces the resume variable by the gateway’s own and adds the cursor and visibility', () => {
    const op = upstreamOperation(
      'subscription S__issues__0($repository:String!,$after:String){feed:issueEvents(repository:$repository,after:$after){action issue{__typename id}}}',
      'S__issues__0',
      ['repository', 'after'],
      policy,
    );
    expect(op.query).toBe(
      normalized(`subscription S__issues__0($repository: String!, $gitforgeAfter_: String) {
        feed: issueEvents(repository: $repository, after: $gitforgeAfter_) {
          action
          issue { __typename id }
          gitforgeCursor_: cursor
          gitforgeRepositoryPublic_: repositoryPublic
        }
      }`),
    );
    expect(op.responseName).toBe('feed');
    expect(op.variableNames).toEqual(['repository']);
    expect(argumentValue(op.feed!.audience, { repository: 'a/b' })).toBe('a/b');
    expect(argumentValue(op.feed!.resume, { after: 'c1' })).toBe('c1');
  });

  it('takes inline arguments and gives the same text whatever cursor a client resumes from', () => {
    const a = upstreamOperation(
      'subscription{issueEvents(repository:"a/b",after:"c000007"){action}}',
      undefined,
      [],
      policy,
    );
    const b = upstreamOperation(
      'subscription{issueEvents(repository:"a/b"){action}}',
      undefined,
      [],
      policy,
    );
    expect(a.query).toBe(b.query);
    expect(argumentValue(a.feed!.resume, {})).toBe('c000007');
    expect(argumentValue(a.feed!.audience, {})).toBe('a/b');
  });

  it('leaves fields without a policy as the planner made them', () => {
    const text = 'subscription{other(x:1){y}}';
    expect(upstreamOperation(text, undefined, [], policy)).toMatchObject({
      query: text,
      responseName: 'other',
    });
    expect(upstreamOperation(text, undefined, [], undefined).feed).toBeUndefined();
  });
});

describe('isViewerDependentField', () => {
  it('matches viewer followed by an uppercase letter', () => {
    expect(['viewerPermission', 'viewerCanUpdate'].every(isViewerDependentField)).toBe(true);
    expect(['viewer', 'viewers', 'reviewerCount', 'title'].some(isViewerDependentField)).toBe(
      false,
    );
  });
});

describe('serialize once, write many', () => {
  it('splices one precomputed JSON into every socket’s message', () => {
    const payload = new SerializedPayload({ data: { n: 1, s: 'a"b' } }, 0n, 'f');
    const written: string[] = [];
    const sockets = [0, 1, 2].map(() => {
      const socket = { send: (data: unknown) => void written.push(data as string) };
      spliceSerializedPayloads(socket);
      return socket;
    });
    for (const [i, socket] of sockets.entries()) {
      socket.send(JSON.stringify({ id: `${i}`, type: 'next', payload }, jsonMessageReplacer));
    }
    expect(written.map((w) => JSON.parse(w) as unknown)).toEqual(
      [0, 1, 2].map((i) => ({ id: `${i}`, type: 'next', payload: { data: { n: 1, s: 'a"b' } } })),
    );
    // Other messages pass untouched.
    sockets[0]!.send('{"type":"complete","id":"0"}');
    expect(written.at(-1)).toBe('{"type":"complete","id":"0"}');
  });
});
