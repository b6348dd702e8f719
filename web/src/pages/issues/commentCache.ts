import type { ApolloCache, Reference } from '@apollo/client';

interface CommentConnectionInCache {
  totalCount: number;
  nodes: readonly Reference[];
}

/**
 * Takes a deleted comment out of every loaded page of its issue's thread and out of the cache,
 * and counts it out of the thread's `totalCount` (the issue's `commentCount` comes back with the
 * mutation). No refetch: the thread stays where the reader scrolled it.
 */
export function removeCommentFromCache(cache: ApolloCache, issueId: string, commentId: string) {
  cache.modify<{ comments: CommentConnectionInCache }>({
    id: cache.identify({ __typename: 'Issue', id: issueId }),
    fields: {
      comments(connection, { readField }) {
        const list = connection as unknown as CommentConnectionInCache;
        const nodes = list.nodes.filter((node) => readField('id', node) !== commentId);
        if (nodes.length === list.nodes.length) return connection;
        return { ...list, nodes, totalCount: Math.max(0, list.totalCount - 1) };
      },
    },
  });
  cache.evict({ id: cache.identify({ __typename: 'Comment', id: commentId }) });
  cache.gc();
}
