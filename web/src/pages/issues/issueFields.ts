import { graphql } from '../../gql';

/** What the issue page shows of an issue; mutations that change an issue answer with it. */
export const IssueFieldsFragment = graphql(`
  fragment IssueFields on Issue {
    id
    number
    title
    body
    state
    stateReason
    createdAt
    updatedAt
    closedAt
    commentCount
    viewerCanUpdate
    viewerCanClose
    author {
      login
    }
    assignees {
      login
    }
    labels {
      name
      color
    }
  }
`);

/** One comment of a thread; adding and editing a comment answer with it, so the cache updates. */
export const CommentFieldsFragment = graphql(`
  fragment CommentFields on Comment {
    id
    body
    createdAt
    updatedAt
    viewerCanUpdate
    viewerCanDelete
    author {
      login
    }
  }
`);
