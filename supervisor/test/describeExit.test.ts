import { describeCrashLoop, describeExit, describePortConflicts } from '../src/describeExit';

describe('describeExit', () => {
  it('names the signal or the exit code', () => {
    expect(describeExit(null, 'SIGKILL')).toBe('signal SIGKILL');
    expect(describeExit(1, null)).toBe('exit code 1');
    expect(describeExit(null, null)).toBe('an unknown reason');
  });
});

describe('describeCrashLoop', () => {
  const loop = {
    name: 'issues',
    failures: 5,
    lastExit: 'exit code 1',
    retryInMs: 4000,
    portVar: 'ISSUES_PORT' as const,
    port: 4001,
    recentOutput: ['[issues] {"msg":"boom"}'],
  };

  it('says which service, how often, and what it printed last', () => {
    expect(describeCrashLoop(loop)).toBe(
      [
        'GitForge: issues keeps crashing (5 times in a row, last: exit code 1); still retrying, next attempt in 4000 ms.',
        '  Last output:',
        '    [issues] {"msg":"boom"}',
      ].join('\n'),
    );
  });

  it('names the port variable when the child could not bind its port', () => {
    const report = describeCrashLoop({
      ...loop,
      recentOutput: ['[issues] Error: listen EADDRINUSE: address already in use 127.0.0.1:4001'],
    });
    expect(report).toContain(
      'Port 4001 is already in use by another process: stop it, or set ISSUES_PORT to a free port.',
    );
  });
});

describe('describePortConflicts', () => {
  it('lists every taken port with the variable that moves it', () => {
    const text = describePortConflicts([
      { name: 'gateway', portVar: 'GATEWAY_PORT', port: 4000, code: 'EADDRINUSE' },
      {
        name: 'issues',
        portVar: 'ISSUES_PORT',
        port: 4001,
        code: 'EADDRINUSE',
        livePidFromEarlierRun: 4242,
      },
      { name: 'githost', portVar: 'GITHOST_PORT', port: 80, code: 'EACCES' },
    ]);
    expect(text).toBe(
      [
        'GitForge cannot start: ports it needs are not available.',
        '  - port 4000 for gateway is already in use; set GATEWAY_PORT to use another port.',
        '  - port 4001 for issues is already in use; set ISSUES_PORT to use another port.',
        '    An earlier GitForge run left issues running as pid 4242; stop it with `kill 4242`.',
        '  - port 80 for githost cannot be bound (EACCES); set GITHOST_PORT to use another port.',
      ].join('\n'),
    );
  });
});
