import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.slice(0, 3).join(' ')} failed (${exitCode}): ${stderr.trim().slice(0, 500)}`);
    this.name = 'GitCommandError';
  }
}

export interface GitRunOptions {
  /** Sent to stdin. */
  input?: Buffer | string;
  /** Extra environment on top of the isolated base. */
  env?: Record<string, string>;
  /** Output larger than this is an error (protects the process from huge objects). */
  maxOutputBytes?: number;
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Git runs isolated from the machine's own configuration (no global or system config, no
 * prompts, literal pathspecs) so the host behaves the same on every machine.
 */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_LITERAL_PATHSPECS: '1',
    ...extra,
  };
}

export function spawnGit(args: readonly string[], env?: Record<string, string>) {
  return spawn('git', args, { env: gitEnv(env), stdio: 'pipe' });
}

/** Runs git to completion and returns its stdout; a non-zero exit is a GitCommandError. */
export async function runGit(
  args: readonly string[],
  options: GitRunOptions = {},
): Promise<Buffer> {
  const child = spawnGit(args, options.env);
  const result = await collect(child, args, options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT, options);
  if (result.exitCode !== 0) throw new GitCommandError(args, result.exitCode, result.stderr);
  return result.stdout;
}

/** Like runGit, but a non-zero exit is returned instead of thrown (for "does it exist" probes). */
export async function tryGit(
  args: readonly string[],
  options: GitRunOptions = {},
): Promise<{ exitCode: number | null; stdout: Buffer; stderr: string }> {
  return collect(spawnGit(args, options.env), args, options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT, {
    input: options.input,
  });
}

function collect(
  child: ChildProcessWithoutNullStreams,
  args: readonly string[],
  maxOutputBytes: number,
  options: { input?: Buffer | string },
): Promise<{ exitCode: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failed: Error | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutputBytes) {
        failed ??= new GitCommandError(args, null, `output exceeds ${maxOutputBytes} bytes`);
        child.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 16_384) stderr += chunk.toString('utf8');
    });
    child.on('error', (err) => (failed ??= err));
    child.on('close', (exitCode) => {
      if (failed) reject(failed);
      else resolve({ exitCode, stdout: Buffer.concat(chunks), stderr });
    });
    // A command that does not read stdin may close it early; that is not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  });
}
