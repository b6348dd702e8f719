/** The only two services served, as in Gitea's `githttp.go`: everything else is refused. */
export const gitServices = ['git-upload-pack', 'git-receive-pack'] as const;
export type GitService = (typeof gitServices)[number];

export function isGitService(value: unknown): value is GitService {
  return (gitServices as readonly unknown[]).includes(value);
}

/** What a service needs: upload-pack reads, receive-pack writes. */
export function accessFor(service: GitService): 'read' | 'write' {
  return service === 'git-receive-pack' ? 'write' : 'read';
}

/** Exactly the `Content-Type` git sends for a service's POST body. */
export function requestContentType(service: GitService): string {
  return `application/x-git-${service.slice('git-'.length)}-request`;
}

/**
 * `Git-Protocol: version=2` and friends: `k=v(:k=v)*`. Gitea's pattern, with `-` and `.` also
 * allowed in keys and values (`object-format=sha256`); no spaces, quotes or separators.
 */
const PART = '[0-9a-zA-Z][0-9a-zA-Z.-]*';
export const GIT_PROTOCOL_HEADER = new RegExp(`^${PART}=${PART}(:${PART}=${PART})*$`);
