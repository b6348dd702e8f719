import { graphql } from '../../gql';

/**
 * Live changes to a repository's issues: CREATED, UPDATED, CLOSED, REOPENED, COMMENTED,
 * COMMENT_EDITED and COMMENT_DELETED.
 */
export const IssueEventsSubscription = graphql(`
  subscription IssueEvents($repository: String!) {
    issueEvents(repository: $repository) {
      id
      action
      actor {
        login
      }
      issue {
        id
        number
        title
        state
      }
      comment {
        id
      }
    }
  }
`);
