import { graphql } from '../../gql';

/**
 * Live changes to a repository's issues: CREATED, UPDATED, CLOSED, REOPENED, COMMENTED,
 * COMMENT_EDITED and COMMENT_DELETED. Resumable: it declares `$after` and selects `cursor`, so
 * the client's resumable link (src/apollo/resumableSubscriptionLink.ts) resubscribes after a
 * dropped socket from the last event received, and pages leave `after` unset.
 */
export const IssueEventsSubscription = graphql(`
  subscription IssueEvents($repository: String!, $after: String) {
    issueEvents(repository: $repository, after: $after) {
      id
      cursor
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
