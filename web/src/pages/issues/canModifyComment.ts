/**
 * The issues subgraph's rule for editing or deleting a comment: its author or the repository's
 * owner (login compared as Gitea does, owner case-insensitively). Mirrored here so the page only
 * offers what the API allows; the API still decides, and its FORBIDDEN is shown inline.
 */
export function canModifyComment(
  viewer: string | null | undefined,
  repositoryOwner: string,
  author: string,
): boolean {
  if (!viewer) return false;
  return viewer === author || viewer.toLowerCase() === repositoryOwner.toLowerCase();
}
