/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  '\n  mutation SignOut {\n    logout\n  }\n': typeof types.SignOutDocument;
  '\n  mutation CreateOrganization($login: String!, $fullName: String, $description: String) {\n    createOrganization(input: { login: $login, fullName: $fullName, description: $description }) {\n      login\n      fullName\n      description\n      viewerIsOwner\n    }\n  }\n': typeof types.CreateOrganizationDocument;
  '\n  mutation CreateRepository($input: CreateRepositoryInput!) {\n    createRepository(input: $input) {\n      fullName\n      name\n      owner {\n        login\n      }\n      private\n    }\n  }\n': typeof types.CreateRepositoryDocument;
  '\n  query OwnerCheck($login: String!) {\n    organization(login: $login) {\n      login\n      viewerCanCreateRepository\n    }\n  }\n': typeof types.OwnerCheckDocument;
  '\n  query Repositories($search: String, $first: Int!, $after: String) {\n    repositories(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        fullName\n        name\n        owner {\n          login\n        }\n        description\n        private\n        updatedAt\n      }\n    }\n  }\n': typeof types.RepositoriesDocument;
  '\n  mutation SignIn($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        login\n      }\n    }\n  }\n': typeof types.SignInDocument;
  '\n  query AssignableUsers($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      assignableUsers(first: 50) {\n        nodes {\n          login\n          fullName\n        }\n      }\n    }\n  }\n': typeof types.AssignableUsersDocument;
  '\n  mutation AssignIssue($id: ID!, $login: String!) {\n    assignIssue(input: { id: $id, login: $login }) {\n      id\n      updatedAt\n      assignees {\n        login\n      }\n    }\n  }\n': typeof types.AssignIssueDocument;
  '\n  mutation UnassignIssue($id: ID!, $login: String!) {\n    unassignIssue(input: { id: $id, login: $login }) {\n      id\n      updatedAt\n      assignees {\n        login\n      }\n    }\n  }\n': typeof types.UnassignIssueDocument;
  '\n  mutation CloseIssue($input: CloseIssueInput!) {\n    closeIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n': typeof types.CloseIssueDocument;
  '\n  mutation ReopenIssue($input: ReopenIssueInput!) {\n    reopenIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n': typeof types.ReopenIssueDocument;
  '\n  mutation UpdateComment($input: UpdateCommentInput!) {\n    updateComment(input: $input) {\n      ...CommentFields\n    }\n  }\n': typeof types.UpdateCommentDocument;
  '\n  mutation AddComment($input: AddCommentInput!) {\n    addComment(input: $input) {\n      ...CommentFields\n    }\n  }\n': typeof types.AddCommentDocument;
  '\n  mutation DeleteComment($input: DeleteCommentInput!) {\n    deleteComment(input: $input) {\n      id\n      issue {\n        id\n        commentCount\n        updatedAt\n      }\n    }\n  }\n': typeof types.DeleteCommentDocument;
  '\n  mutation UpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n': typeof types.UpdateIssueDocument;
  '\n  query IssueList(\n    $repository: String!\n    $state: IssueState!\n    $labels: [String!]\n    $search: String\n    $assignee: String\n    $first: Int!\n    $after: String\n  ) {\n    list: issues(\n      repository: $repository\n      state: $state\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        number\n        title\n        state\n        stateReason\n        createdAt\n        commentCount\n        author {\n          login\n        }\n        assignees {\n          login\n        }\n        labels {\n          name\n          color\n        }\n      }\n    }\n    open: issues(\n      repository: $repository\n      state: OPEN\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: 1\n    ) {\n      totalCount\n    }\n    closed: issues(\n      repository: $repository\n      state: CLOSED\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: 1\n    ) {\n      totalCount\n    }\n    labels(repository: $repository) {\n      name\n      color\n    }\n  }\n': typeof types.IssueListDocument;
  '\n  query IssueDetail($repository: String!, $number: Int!, $first: Int!, $after: String) {\n    issue(repository: $repository, number: $number) {\n      ...IssueFields\n      comments(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...CommentFields\n        }\n      }\n    }\n    labels(repository: $repository) {\n      name\n      color\n    }\n  }\n': typeof types.IssueDetailDocument;
  '\n  mutation SetIssueLabels($input: UpdateIssueInput!) {\n    updateIssue(input: $input) {\n      id\n      labels {\n        name\n        color\n      }\n      updatedAt\n    }\n  }\n': typeof types.SetIssueLabelsDocument;
  '\n  mutation CreateIssue($input: CreateIssueInput!) {\n    createIssue(input: $input) {\n      id\n      number\n    }\n  }\n': typeof types.CreateIssueDocument;
  '\n  subscription IssueEvents($repository: String!, $after: String) {\n    issueEvents(repository: $repository, after: $after) {\n      id\n      cursor\n      action\n      actor {\n        login\n      }\n      issue {\n        id\n        number\n        title\n        state\n      }\n      comment {\n        id\n      }\n    }\n  }\n': typeof types.IssueEventsDocument;
  '\n  fragment IssueFields on Issue {\n    id\n    number\n    title\n    body\n    state\n    stateReason\n    createdAt\n    updatedAt\n    closedAt\n    commentCount\n    viewerCanUpdate\n    viewerCanClose\n    author {\n      login\n    }\n    assignees {\n      login\n    }\n    labels {\n      name\n      color\n    }\n  }\n': typeof types.IssueFieldsFragmentDoc;
  '\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    updatedAt\n    viewerCanUpdate\n    viewerCanDelete\n    author {\n      login\n    }\n  }\n': typeof types.CommentFieldsFragmentDoc;
  '\n  mutation CreateTeam(\n    $organization: String!\n    $name: String!\n    $permission: RepositoryPermission!\n    $description: String\n    $includesAllRepositories: Boolean\n  ) {\n    createTeam(\n      input: {\n        organization: $organization\n        name: $name\n        permission: $permission\n        description: $description\n        includesAllRepositories: $includesAllRepositories\n      }\n    ) {\n      ...TeamSummary\n    }\n  }\n': typeof types.CreateTeamDocument;
  '\n  query OrganizationTeams($login: String!) {\n    organization(login: $login) {\n      login\n      teams(first: 50) {\n        totalCount\n        nodes {\n          ...TeamSummary\n          members(first: 1) {\n            totalCount\n          }\n          repositories(first: 1) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n': typeof types.OrganizationTeamsDocument;
  '\n  query OrganizationRepositories($login: String!, $first: Int!, $after: String) {\n    organization(login: $login) {\n      login\n      repositories(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...RepositoryRow\n        }\n      }\n    }\n  }\n': typeof types.OrganizationRepositoriesDocument;
  '\n  query OrganizationMembers($login: String!, $first: Int!, $after: String) {\n    organization(login: $login) {\n      login\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          login\n          fullName\n        }\n      }\n    }\n  }\n': typeof types.OrganizationMembersDocument;
  '\n  query OrganizationQuota($login: String!) {\n    organization(login: $login) {\n      login\n      quota {\n        ...QuotaFields\n      }\n    }\n  }\n': typeof types.OrganizationQuotaDocument;
  '\n  query Owner($login: String!) {\n    organization(login: $login) {\n      login\n      fullName\n      description\n      viewerIsOwner\n      viewerCanCreateRepository\n    }\n    viewer {\n      login\n      quota {\n        ...QuotaFields\n      }\n    }\n  }\n': typeof types.OwnerDocument;
  '\n  query UserRepositories($owner: String!, $first: Int!, $after: String) {\n    repositories(owner: $owner, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...RepositoryRow\n      }\n    }\n  }\n': typeof types.UserRepositoriesDocument;
  '\n  mutation AddTeamMember($organization: String!, $team: String!, $login: String!) {\n    addTeamMember(input: { organization: $organization, team: $team, login: $login }) {\n      id\n    }\n  }\n': typeof types.AddTeamMemberDocument;
  '\n  mutation RemoveTeamMember($organization: String!, $team: String!, $login: String!) {\n    removeTeamMember(input: { organization: $organization, team: $team, login: $login }) {\n      id\n    }\n  }\n': typeof types.RemoveTeamMemberDocument;
  '\n  mutation AddTeamRepository($organization: String!, $team: String!, $repository: String!) {\n    addTeamRepository(\n      input: { organization: $organization, team: $team, repository: $repository }\n    ) {\n      id\n    }\n  }\n': typeof types.AddTeamRepositoryDocument;
  '\n  mutation RemoveTeamRepository($organization: String!, $team: String!, $repository: String!) {\n    removeTeamRepository(\n      input: { organization: $organization, team: $team, repository: $repository }\n    ) {\n      id\n    }\n  }\n': typeof types.RemoveTeamRepositoryDocument;
  '\n  query TeamDirectory($organization: String!) {\n    organization(login: $organization) {\n      login\n      fullName\n      viewerIsOwner\n      teams(first: 100) {\n        edges {\n          cursor\n          node {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n': typeof types.TeamDirectoryDocument;
  '\n  query Team($organization: String!, $after: String) {\n    organization(login: $organization) {\n      login\n      teams(first: 1, after: $after) {\n        nodes {\n          ...TeamSummary\n          members(first: 100) {\n            totalCount\n            nodes {\n              login\n            }\n          }\n          repositories(first: 100) {\n            totalCount\n            nodes {\n              ...RepositoryRow\n            }\n          }\n        }\n      }\n    }\n  }\n': typeof types.TeamDocument;
  '\n  fragment QuotaFields on OwnerQuota {\n    maxRepositories\n    maxSizeBytes\n    repositoryCount\n    sizeBytes\n  }\n': typeof types.QuotaFieldsFragmentDoc;
  '\n  fragment RepositoryRow on Repository {\n    fullName\n    name\n    owner {\n      login\n    }\n    description\n    private\n    updatedAt\n  }\n': typeof types.RepositoryRowFragmentDoc;
  '\n  fragment TeamSummary on Team {\n    id\n    name\n    description\n    permission\n    includesAllRepositories\n  }\n': typeof types.TeamSummaryFragmentDoc;
  '\n  query CommitHistory($owner: String!, $name: String!, $ref: String, $first: Int!, $after: String) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      commits(ref: $ref, first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          oid\n          abbreviatedOid\n          messageHeadline\n          author {\n            name\n            date\n          }\n        }\n      }\n    }\n  }\n': typeof types.CommitHistoryDocument;
  '\n  query RepositoryTree($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      isEmpty\n      tree(ref: $ref, path: $path) {\n        name\n        path\n        type\n        size\n      }\n      # Asked for at once (most repositories have one): no second round trip for the page.\n      # Null with a NOT_FOUND error when absent; the tree decides then.\n      readme: blob(ref: $ref, path: "README.md") {\n        path\n        text\n        isBinary\n        byteSize\n        truncated\n      }\n    }\n  }\n': typeof types.RepositoryTreeDocument;
  '\n  query RepositoryBlob($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      blob(ref: $ref, path: $path) {\n        path\n        text\n        isBinary\n        byteSize\n        truncated\n      }\n    }\n  }\n': typeof types.RepositoryBlobDocument;
  '\n  query RepositoryHeader($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      name\n      owner {\n        login\n      }\n      description\n      private\n      isEmpty\n      defaultBranch\n      cloneUrl\n      viewerCanAdminister\n      viewerPermission\n      branches(first: 100) {\n        totalCount\n        nodes {\n          name\n          isDefault\n        }\n      }\n    }\n  }\n': typeof types.RepositoryHeaderDocument;
  '\n  query OpenIssueCount($repository: String!) {\n    issues(repository: $repository, state: OPEN, first: 1) {\n      totalCount\n    }\n  }\n': typeof types.OpenIssueCountDocument;
  '\n  query Directory($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      tree(ref: $ref, path: $path) {\n        name\n        path\n        type\n        size\n      }\n    }\n  }\n': typeof types.DirectoryDocument;
  '\n  query RepositoryCollaborators($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      viewerPermission\n      collaborators(first: 100) {\n        totalCount\n        edges {\n          permission\n          node {\n            login\n            fullName\n          }\n        }\n      }\n    }\n  }\n': typeof types.RepositoryCollaboratorsDocument;
  '\n  mutation AddCollaborator(\n    $repository: String!\n    $login: String!\n    $permission: RepositoryPermission!\n  ) {\n    addCollaborator(input: { repository: $repository, login: $login, permission: $permission }) {\n      fullName\n    }\n  }\n': typeof types.AddCollaboratorDocument;
  '\n  mutation RemoveCollaborator($repository: String!, $login: String!) {\n    removeCollaborator(input: { repository: $repository, login: $login }) {\n      fullName\n    }\n  }\n': typeof types.RemoveCollaboratorDocument;
  '\n  mutation SwitchStrategy($kind: StrategyKind!) {\n    switchStrategy(kind: $kind) {\n      from\n      to\n      keysMoved\n      durationMs\n    }\n  }\n': typeof types.SwitchStrategyDocument;
  '\n  mutation InjectFailure($fault: FaultKind!) {\n    injectFailure(fault: $fault) {\n      fault\n      detail\n      needsRecovery\n    }\n  }\n': typeof types.InjectFailureDocument;
  '\n  mutation Recover {\n    recover {\n      ...RecoveryFields\n    }\n  }\n': typeof types.RecoverDocument;
  '\n  mutation StoreSample($key: String!, $value: String!) {\n    store(key: $key, value: $value) {\n      key\n    }\n  }\n': typeof types.StoreSampleDocument;
  '\n  fragment RecoveryFields on RecoveryReport {\n    id\n    strategy\n    fault\n    completedAt\n    recoveredFrom\n    rtoMs\n    acknowledgedWritesLost\n    keysRecovered\n  }\n': typeof types.RecoveryFieldsFragmentDoc;
  '\n  query ResilienceStatus {\n    resilience {\n      state\n      strategy\n      activatedAt\n      pid\n      keys\n      lastSeq\n      acknowledgedKeys\n      viewerCanAdminister\n      config {\n        fsync\n        quorum\n        replicas\n        snapshotEveryWrites\n      }\n      replicas {\n        node\n        pid\n        state\n        ackedSeq\n      }\n      lastFault {\n        fault\n        node\n        at\n        detail\n      }\n      recentRecoveries(limit: 20) {\n        ...RecoveryFields\n      }\n    }\n  }\n': typeof types.ResilienceStatusDocument;
  '\n  subscription ResilienceEventsFeed {\n    resilienceEvents {\n      __typename\n      kind\n      at\n      strategy\n      ... on RecoveryCompletedEvent {\n        report {\n          ...RecoveryFields\n        }\n      }\n      ... on FaultInjectedEvent {\n        fault\n        detail\n      }\n    }\n  }\n': typeof types.ResilienceEventsFeedDocument;
  '\n  subscription ResilienceMetricsFeed($intervalMs: Int!) {\n    resilienceMetrics(intervalMs: $intervalMs) {\n      at\n      state\n      strategy\n      keys\n      writesPerSecond\n      writeLatencyP50Ms\n      writeLatencyP99Ms\n      replicasInSync\n      replicasTotal\n    }\n  }\n': typeof types.ResilienceMetricsFeedDocument;
};
const documents: Documents = {
  '\n  mutation SignOut {\n    logout\n  }\n': types.SignOutDocument,
  '\n  mutation CreateOrganization($login: String!, $fullName: String, $description: String) {\n    createOrganization(input: { login: $login, fullName: $fullName, description: $description }) {\n      login\n      fullName\n      description\n      viewerIsOwner\n    }\n  }\n':
    types.CreateOrganizationDocument,
  '\n  mutation CreateRepository($input: CreateRepositoryInput!) {\n    createRepository(input: $input) {\n      fullName\n      name\n      owner {\n        login\n      }\n      private\n    }\n  }\n':
    types.CreateRepositoryDocument,
  '\n  query OwnerCheck($login: String!) {\n    organization(login: $login) {\n      login\n      viewerCanCreateRepository\n    }\n  }\n':
    types.OwnerCheckDocument,
  '\n  query Repositories($search: String, $first: Int!, $after: String) {\n    repositories(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        fullName\n        name\n        owner {\n          login\n        }\n        description\n        private\n        updatedAt\n      }\n    }\n  }\n':
    types.RepositoriesDocument,
  '\n  mutation SignIn($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        login\n      }\n    }\n  }\n':
    types.SignInDocument,
  '\n  query AssignableUsers($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      assignableUsers(first: 50) {\n        nodes {\n          login\n          fullName\n        }\n      }\n    }\n  }\n':
    types.AssignableUsersDocument,
  '\n  mutation AssignIssue($id: ID!, $login: String!) {\n    assignIssue(input: { id: $id, login: $login }) {\n      id\n      updatedAt\n      assignees {\n        login\n      }\n    }\n  }\n':
    types.AssignIssueDocument,
  '\n  mutation UnassignIssue($id: ID!, $login: String!) {\n    unassignIssue(input: { id: $id, login: $login }) {\n      id\n      updatedAt\n      assignees {\n        login\n      }\n    }\n  }\n':
    types.UnassignIssueDocument,
  '\n  mutation CloseIssue($input: CloseIssueInput!) {\n    closeIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n':
    types.CloseIssueDocument,
  '\n  mutation ReopenIssue($input: ReopenIssueInput!) {\n    reopenIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n':
    types.ReopenIssueDocument,
  '\n  mutation UpdateComment($input: UpdateCommentInput!) {\n    updateComment(input: $input) {\n      ...CommentFields\n    }\n  }\n':
    types.UpdateCommentDocument,
  '\n  mutation AddComment($input: AddCommentInput!) {\n    addComment(input: $input) {\n      ...CommentFields\n    }\n  }\n':
    types.AddCommentDocument,
  '\n  mutation DeleteComment($input: DeleteCommentInput!) {\n    deleteComment(input: $input) {\n      id\n      issue {\n        id\n        commentCount\n        updatedAt\n      }\n    }\n  }\n':
    types.DeleteCommentDocument,
  '\n  mutation UpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n':
    types.UpdateIssueDocument,
  '\n  query IssueList(\n    $repository: String!\n    $state: IssueState!\n    $labels: [String!]\n    $search: String\n    $assignee: String\n    $first: Int!\n    $after: String\n  ) {\n    list: issues(\n      repository: $repository\n      state: $state\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        number\n        title\n        state\n        stateReason\n        createdAt\n        commentCount\n        author {\n          login\n        }\n        assignees {\n          login\n        }\n        labels {\n          name\n          color\n        }\n      }\n    }\n    open: issues(\n      repository: $repository\n      state: OPEN\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: 1\n    ) {\n      totalCount\n    }\n    closed: issues(\n      repository: $repository\n      state: CLOSED\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: 1\n    ) {\n      totalCount\n    }\n    labels(repository: $repository) {\n      name\n      color\n    }\n  }\n':
    types.IssueListDocument,
  '\n  query IssueDetail($repository: String!, $number: Int!, $first: Int!, $after: String) {\n    issue(repository: $repository, number: $number) {\n      ...IssueFields\n      comments(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...CommentFields\n        }\n      }\n    }\n    labels(repository: $repository) {\n      name\n      color\n    }\n  }\n':
    types.IssueDetailDocument,
  '\n  mutation SetIssueLabels($input: UpdateIssueInput!) {\n    updateIssue(input: $input) {\n      id\n      labels {\n        name\n        color\n      }\n      updatedAt\n    }\n  }\n':
    types.SetIssueLabelsDocument,
  '\n  mutation CreateIssue($input: CreateIssueInput!) {\n    createIssue(input: $input) {\n      id\n      number\n    }\n  }\n':
    types.CreateIssueDocument,
  '\n  subscription IssueEvents($repository: String!, $after: String) {\n    issueEvents(repository: $repository, after: $after) {\n      id\n      cursor\n      action\n      actor {\n        login\n      }\n      issue {\n        id\n        number\n        title\n        state\n      }\n      comment {\n        id\n      }\n    }\n  }\n':
    types.IssueEventsDocument,
  '\n  fragment IssueFields on Issue {\n    id\n    number\n    title\n    body\n    state\n    stateReason\n    createdAt\n    updatedAt\n    closedAt\n    commentCount\n    viewerCanUpdate\n    viewerCanClose\n    author {\n      login\n    }\n    assignees {\n      login\n    }\n    labels {\n      name\n      color\n    }\n  }\n':
    types.IssueFieldsFragmentDoc,
  '\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    updatedAt\n    viewerCanUpdate\n    viewerCanDelete\n    author {\n      login\n    }\n  }\n':
    types.CommentFieldsFragmentDoc,
  '\n  mutation CreateTeam(\n    $organization: String!\n    $name: String!\n    $permission: RepositoryPermission!\n    $description: String\n    $includesAllRepositories: Boolean\n  ) {\n    createTeam(\n      input: {\n        organization: $organization\n        name: $name\n        permission: $permission\n        description: $description\n        includesAllRepositories: $includesAllRepositories\n      }\n    ) {\n      ...TeamSummary\n    }\n  }\n':
    types.CreateTeamDocument,
  '\n  query OrganizationTeams($login: String!) {\n    organization(login: $login) {\n      login\n      teams(first: 50) {\n        totalCount\n        nodes {\n          ...TeamSummary\n          members(first: 1) {\n            totalCount\n          }\n          repositories(first: 1) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n':
    types.OrganizationTeamsDocument,
  '\n  query OrganizationRepositories($login: String!, $first: Int!, $after: String) {\n    organization(login: $login) {\n      login\n      repositories(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...RepositoryRow\n        }\n      }\n    }\n  }\n':
    types.OrganizationRepositoriesDocument,
  '\n  query OrganizationMembers($login: String!, $first: Int!, $after: String) {\n    organization(login: $login) {\n      login\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          login\n          fullName\n        }\n      }\n    }\n  }\n':
    types.OrganizationMembersDocument,
  '\n  query OrganizationQuota($login: String!) {\n    organization(login: $login) {\n      login\n      quota {\n        ...QuotaFields\n      }\n    }\n  }\n':
    types.OrganizationQuotaDocument,
  '\n  query Owner($login: String!) {\n    organization(login: $login) {\n      login\n      fullName\n      description\n      viewerIsOwner\n      viewerCanCreateRepository\n    }\n    viewer {\n      login\n      quota {\n        ...QuotaFields\n      }\n    }\n  }\n':
    types.OwnerDocument,
  '\n  query UserRepositories($owner: String!, $first: Int!, $after: String) {\n    repositories(owner: $owner, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...RepositoryRow\n      }\n    }\n  }\n':
    types.UserRepositoriesDocument,
  '\n  mutation AddTeamMember($organization: String!, $team: String!, $login: String!) {\n    addTeamMember(input: { organization: $organization, team: $team, login: $login }) {\n      id\n    }\n  }\n':
    types.AddTeamMemberDocument,
  '\n  mutation RemoveTeamMember($organization: String!, $team: String!, $login: String!) {\n    removeTeamMember(input: { organization: $organization, team: $team, login: $login }) {\n      id\n    }\n  }\n':
    types.RemoveTeamMemberDocument,
  '\n  mutation AddTeamRepository($organization: String!, $team: String!, $repository: String!) {\n    addTeamRepository(\n      input: { organization: $organization, team: $team, repository: $repository }\n    ) {\n      id\n    }\n  }\n':
    types.AddTeamRepositoryDocument,
  '\n  mutation RemoveTeamRepository($organization: String!, $team: String!, $repository: String!) {\n    removeTeamRepository(\n      input: { organization: $organization, team: $team, repository: $repository }\n    ) {\n      id\n    }\n  }\n':
    types.RemoveTeamRepositoryDocument,
  '\n  query TeamDirectory($organization: String!) {\n    organization(login: $organization) {\n      login\n      fullName\n      viewerIsOwner\n      teams(first: 100) {\n        edges {\n          cursor\n          node {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n':
    types.TeamDirectoryDocument,
  '\n  query Team($organization: String!, $after: String) {\n    organization(login: $organization) {\n      login\n      teams(first: 1, after: $after) {\n        nodes {\n          ...TeamSummary\n          members(first: 100) {\n            totalCount\n            nodes {\n              login\n            }\n          }\n          repositories(first: 100) {\n            totalCount\n            nodes {\n              ...RepositoryRow\n            }\n          }\n        }\n      }\n    }\n  }\n':
    types.TeamDocument,
  '\n  fragment QuotaFields on OwnerQuota {\n    maxRepositories\n    maxSizeBytes\n    repositoryCount\n    sizeBytes\n  }\n':
    types.QuotaFieldsFragmentDoc,
  '\n  fragment RepositoryRow on Repository {\n    fullName\n    name\n    owner {\n      login\n    }\n    description\n    private\n    updatedAt\n  }\n':
    types.RepositoryRowFragmentDoc,
  '\n  fragment TeamSummary on Team {\n    id\n    name\n    description\n    permission\n    includesAllRepositories\n  }\n':
    types.TeamSummaryFragmentDoc,
  '\n  query CommitHistory($owner: String!, $name: String!, $ref: String, $first: Int!, $after: String) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      commits(ref: $ref, first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          oid\n          abbreviatedOid\n          messageHeadline\n          author {\n            name\n            date\n          }\n        }\n      }\n    }\n  }\n':
    types.CommitHistoryDocument,
  '\n  query RepositoryTree($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      isEmpty\n      tree(ref: $ref, path: $path) {\n        name\n        path\n        type\n        size\n      }\n      # Asked for at once (most repositories have one): no second round trip for the page.\n      # Null with a NOT_FOUND error when absent; the tree decides then.\n      readme: blob(ref: $ref, path: "README.md") {\n        path\n        text\n        isBinary\n        byteSize\n        truncated\n      }\n    }\n  }\n':
    types.RepositoryTreeDocument,
  '\n  query RepositoryBlob($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      blob(ref: $ref, path: $path) {\n        path\n        text\n        isBinary\n        byteSize\n        truncated\n      }\n    }\n  }\n':
    types.RepositoryBlobDocument,
  '\n  query RepositoryHeader($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      name\n      owner {\n        login\n      }\n      description\n      private\n      isEmpty\n      defaultBranch\n      cloneUrl\n      viewerCanAdminister\n      viewerPermission\n      branches(first: 100) {\n        totalCount\n        nodes {\n          name\n          isDefault\n        }\n      }\n    }\n  }\n':
    types.RepositoryHeaderDocument,
  '\n  query OpenIssueCount($repository: String!) {\n    issues(repository: $repository, state: OPEN, first: 1) {\n      totalCount\n    }\n  }\n':
    types.OpenIssueCountDocument,
  '\n  query Directory($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      tree(ref: $ref, path: $path) {\n        name\n        path\n        type\n        size\n      }\n    }\n  }\n':
    types.DirectoryDocument,
  '\n  query RepositoryCollaborators($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      viewerPermission\n      collaborators(first: 100) {\n        totalCount\n        edges {\n          permission\n          node {\n            login\n            fullName\n          }\n        }\n      }\n    }\n  }\n':
    types.RepositoryCollaboratorsDocument,
  '\n  mutation AddCollaborator(\n    $repository: String!\n    $login: String!\n    $permission: RepositoryPermission!\n  ) {\n    addCollaborator(input: { repository: $repository, login: $login, permission: $permission }) {\n      fullName\n    }\n  }\n':
    types.AddCollaboratorDocument,
  '\n  mutation RemoveCollaborator($repository: String!, $login: String!) {\n    removeCollaborator(input: { repository: $repository, login: $login }) {\n      fullName\n    }\n  }\n':
    types.RemoveCollaboratorDocument,
  '\n  mutation SwitchStrategy($kind: StrategyKind!) {\n    switchStrategy(kind: $kind) {\n      from\n      to\n      keysMoved\n      durationMs\n    }\n  }\n':
    types.SwitchStrategyDocument,
  '\n  mutation InjectFailure($fault: FaultKind!) {\n    injectFailure(fault: $fault) {\n      fault\n      detail\n      needsRecovery\n    }\n  }\n':
    types.InjectFailureDocument,
  '\n  mutation Recover {\n    recover {\n      ...RecoveryFields\n    }\n  }\n':
    types.RecoverDocument,
  '\n  mutation StoreSample($key: String!, $value: String!) {\n    store(key: $key, value: $value) {\n      key\n    }\n  }\n':
    types.StoreSampleDocument,
  '\n  fragment RecoveryFields on RecoveryReport {\n    id\n    strategy\n    fault\n    completedAt\n    recoveredFrom\n    rtoMs\n    acknowledgedWritesLost\n    keysRecovered\n  }\n':
    types.RecoveryFieldsFragmentDoc,
  '\n  query ResilienceStatus {\n    resilience {\n      state\n      strategy\n      activatedAt\n      pid\n      keys\n      lastSeq\n      acknowledgedKeys\n      viewerCanAdminister\n      config {\n        fsync\n        quorum\n        replicas\n        snapshotEveryWrites\n      }\n      replicas {\n        node\n        pid\n        state\n        ackedSeq\n      }\n      lastFault {\n        fault\n        node\n        at\n        detail\n      }\n      recentRecoveries(limit: 20) {\n        ...RecoveryFields\n      }\n    }\n  }\n':
    types.ResilienceStatusDocument,
  '\n  subscription ResilienceEventsFeed {\n    resilienceEvents {\n      __typename\n      kind\n      at\n      strategy\n      ... on RecoveryCompletedEvent {\n        report {\n          ...RecoveryFields\n        }\n      }\n      ... on FaultInjectedEvent {\n        fault\n        detail\n      }\n    }\n  }\n':
    types.ResilienceEventsFeedDocument,
  '\n  subscription ResilienceMetricsFeed($intervalMs: Int!) {\n    resilienceMetrics(intervalMs: $intervalMs) {\n      at\n      state\n      strategy\n      keys\n      writesPerSecond\n      writeLatencyP50Ms\n      writeLatencyP99Ms\n      replicasInSync\n      replicasTotal\n    }\n  }\n':
    types.ResilienceMetricsFeedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SignOut {\n    logout\n  }\n',
): (typeof documents)['\n  mutation SignOut {\n    logout\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateOrganization($login: String!, $fullName: String, $description: String) {\n    createOrganization(input: { login: $login, fullName: $fullName, description: $description }) {\n      login\n      fullName\n      description\n      viewerIsOwner\n    }\n  }\n',
): (typeof documents)['\n  mutation CreateOrganization($login: String!, $fullName: String, $description: String) {\n    createOrganization(input: { login: $login, fullName: $fullName, description: $description }) {\n      login\n      fullName\n      description\n      viewerIsOwner\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateRepository($input: CreateRepositoryInput!) {\n    createRepository(input: $input) {\n      fullName\n      name\n      owner {\n        login\n      }\n      private\n    }\n  }\n',
): (typeof documents)['\n  mutation CreateRepository($input: CreateRepositoryInput!) {\n    createRepository(input: $input) {\n      fullName\n      name\n      owner {\n        login\n      }\n      private\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query OwnerCheck($login: String!) {\n    organization(login: $login) {\n      login\n      viewerCanCreateRepository\n    }\n  }\n',
): (typeof documents)['\n  query OwnerCheck($login: String!) {\n    organization(login: $login) {\n      login\n      viewerCanCreateRepository\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Repositories($search: String, $first: Int!, $after: String) {\n    repositories(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        fullName\n        name\n        owner {\n          login\n        }\n        description\n        private\n        updatedAt\n      }\n    }\n  }\n',
): (typeof documents)['\n  query Repositories($search: String, $first: Int!, $after: String) {\n    repositories(search: $search, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        fullName\n        name\n        owner {\n          login\n        }\n        description\n        private\n        updatedAt\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SignIn($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        login\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation SignIn($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      token\n      expiresAt\n      user {\n        login\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query AssignableUsers($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      assignableUsers(first: 50) {\n        nodes {\n          login\n          fullName\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query AssignableUsers($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      assignableUsers(first: 50) {\n        nodes {\n          login\n          fullName\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AssignIssue($id: ID!, $login: String!) {\n    assignIssue(input: { id: $id, login: $login }) {\n      id\n      updatedAt\n      assignees {\n        login\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation AssignIssue($id: ID!, $login: String!) {\n    assignIssue(input: { id: $id, login: $login }) {\n      id\n      updatedAt\n      assignees {\n        login\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation UnassignIssue($id: ID!, $login: String!) {\n    unassignIssue(input: { id: $id, login: $login }) {\n      id\n      updatedAt\n      assignees {\n        login\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation UnassignIssue($id: ID!, $login: String!) {\n    unassignIssue(input: { id: $id, login: $login }) {\n      id\n      updatedAt\n      assignees {\n        login\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CloseIssue($input: CloseIssueInput!) {\n    closeIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n',
): (typeof documents)['\n  mutation CloseIssue($input: CloseIssueInput!) {\n    closeIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation ReopenIssue($input: ReopenIssueInput!) {\n    reopenIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n',
): (typeof documents)['\n  mutation ReopenIssue($input: ReopenIssueInput!) {\n    reopenIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation UpdateComment($input: UpdateCommentInput!) {\n    updateComment(input: $input) {\n      ...CommentFields\n    }\n  }\n',
): (typeof documents)['\n  mutation UpdateComment($input: UpdateCommentInput!) {\n    updateComment(input: $input) {\n      ...CommentFields\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AddComment($input: AddCommentInput!) {\n    addComment(input: $input) {\n      ...CommentFields\n    }\n  }\n',
): (typeof documents)['\n  mutation AddComment($input: AddCommentInput!) {\n    addComment(input: $input) {\n      ...CommentFields\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation DeleteComment($input: DeleteCommentInput!) {\n    deleteComment(input: $input) {\n      id\n      issue {\n        id\n        commentCount\n        updatedAt\n      }\n    }\n  }\n',
): (typeof documents)['\n  mutation DeleteComment($input: DeleteCommentInput!) {\n    deleteComment(input: $input) {\n      id\n      issue {\n        id\n        commentCount\n        updatedAt\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation UpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n',
): (typeof documents)['\n  mutation UpdateIssue($input: UpdateIssueInput!) {\n    updateIssue(input: $input) {\n      ...IssueFields\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query IssueList(\n    $repository: String!\n    $state: IssueState!\n    $labels: [String!]\n    $search: String\n    $assignee: String\n    $first: Int!\n    $after: String\n  ) {\n    list: issues(\n      repository: $repository\n      state: $state\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        number\n        title\n        state\n        stateReason\n        createdAt\n        commentCount\n        author {\n          login\n        }\n        assignees {\n          login\n        }\n        labels {\n          name\n          color\n        }\n      }\n    }\n    open: issues(\n      repository: $repository\n      state: OPEN\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: 1\n    ) {\n      totalCount\n    }\n    closed: issues(\n      repository: $repository\n      state: CLOSED\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: 1\n    ) {\n      totalCount\n    }\n    labels(repository: $repository) {\n      name\n      color\n    }\n  }\n',
): (typeof documents)['\n  query IssueList(\n    $repository: String!\n    $state: IssueState!\n    $labels: [String!]\n    $search: String\n    $assignee: String\n    $first: Int!\n    $after: String\n  ) {\n    list: issues(\n      repository: $repository\n      state: $state\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        number\n        title\n        state\n        stateReason\n        createdAt\n        commentCount\n        author {\n          login\n        }\n        assignees {\n          login\n        }\n        labels {\n          name\n          color\n        }\n      }\n    }\n    open: issues(\n      repository: $repository\n      state: OPEN\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: 1\n    ) {\n      totalCount\n    }\n    closed: issues(\n      repository: $repository\n      state: CLOSED\n      labels: $labels\n      search: $search\n      assignee: $assignee\n      first: 1\n    ) {\n      totalCount\n    }\n    labels(repository: $repository) {\n      name\n      color\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query IssueDetail($repository: String!, $number: Int!, $first: Int!, $after: String) {\n    issue(repository: $repository, number: $number) {\n      ...IssueFields\n      comments(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...CommentFields\n        }\n      }\n    }\n    labels(repository: $repository) {\n      name\n      color\n    }\n  }\n',
): (typeof documents)['\n  query IssueDetail($repository: String!, $number: Int!, $first: Int!, $after: String) {\n    issue(repository: $repository, number: $number) {\n      ...IssueFields\n      comments(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...CommentFields\n        }\n      }\n    }\n    labels(repository: $repository) {\n      name\n      color\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SetIssueLabels($input: UpdateIssueInput!) {\n    updateIssue(input: $input) {\n      id\n      labels {\n        name\n        color\n      }\n      updatedAt\n    }\n  }\n',
): (typeof documents)['\n  mutation SetIssueLabels($input: UpdateIssueInput!) {\n    updateIssue(input: $input) {\n      id\n      labels {\n        name\n        color\n      }\n      updatedAt\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateIssue($input: CreateIssueInput!) {\n    createIssue(input: $input) {\n      id\n      number\n    }\n  }\n',
): (typeof documents)['\n  mutation CreateIssue($input: CreateIssueInput!) {\n    createIssue(input: $input) {\n      id\n      number\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription IssueEvents($repository: String!, $after: String) {\n    issueEvents(repository: $repository, after: $after) {\n      id\n      cursor\n      action\n      actor {\n        login\n      }\n      issue {\n        id\n        number\n        title\n        state\n      }\n      comment {\n        id\n      }\n    }\n  }\n',
): (typeof documents)['\n  subscription IssueEvents($repository: String!, $after: String) {\n    issueEvents(repository: $repository, after: $after) {\n      id\n      cursor\n      action\n      actor {\n        login\n      }\n      issue {\n        id\n        number\n        title\n        state\n      }\n      comment {\n        id\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment IssueFields on Issue {\n    id\n    number\n    title\n    body\n    state\n    stateReason\n    createdAt\n    updatedAt\n    closedAt\n    commentCount\n    viewerCanUpdate\n    viewerCanClose\n    author {\n      login\n    }\n    assignees {\n      login\n    }\n    labels {\n      name\n      color\n    }\n  }\n',
): (typeof documents)['\n  fragment IssueFields on Issue {\n    id\n    number\n    title\n    body\n    state\n    stateReason\n    createdAt\n    updatedAt\n    closedAt\n    commentCount\n    viewerCanUpdate\n    viewerCanClose\n    author {\n      login\n    }\n    assignees {\n      login\n    }\n    labels {\n      name\n      color\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    updatedAt\n    viewerCanUpdate\n    viewerCanDelete\n    author {\n      login\n    }\n  }\n',
): (typeof documents)['\n  fragment CommentFields on Comment {\n    id\n    body\n    createdAt\n    updatedAt\n    viewerCanUpdate\n    viewerCanDelete\n    author {\n      login\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation CreateTeam(\n    $organization: String!\n    $name: String!\n    $permission: RepositoryPermission!\n    $description: String\n    $includesAllRepositories: Boolean\n  ) {\n    createTeam(\n      input: {\n        organization: $organization\n        name: $name\n        permission: $permission\n        description: $description\n        includesAllRepositories: $includesAllRepositories\n      }\n    ) {\n      ...TeamSummary\n    }\n  }\n',
): (typeof documents)['\n  mutation CreateTeam(\n    $organization: String!\n    $name: String!\n    $permission: RepositoryPermission!\n    $description: String\n    $includesAllRepositories: Boolean\n  ) {\n    createTeam(\n      input: {\n        organization: $organization\n        name: $name\n        permission: $permission\n        description: $description\n        includesAllRepositories: $includesAllRepositories\n      }\n    ) {\n      ...TeamSummary\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query OrganizationTeams($login: String!) {\n    organization(login: $login) {\n      login\n      teams(first: 50) {\n        totalCount\n        nodes {\n          ...TeamSummary\n          members(first: 1) {\n            totalCount\n          }\n          repositories(first: 1) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query OrganizationTeams($login: String!) {\n    organization(login: $login) {\n      login\n      teams(first: 50) {\n        totalCount\n        nodes {\n          ...TeamSummary\n          members(first: 1) {\n            totalCount\n          }\n          repositories(first: 1) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query OrganizationRepositories($login: String!, $first: Int!, $after: String) {\n    organization(login: $login) {\n      login\n      repositories(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...RepositoryRow\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query OrganizationRepositories($login: String!, $first: Int!, $after: String) {\n    organization(login: $login) {\n      login\n      repositories(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          ...RepositoryRow\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query OrganizationMembers($login: String!, $first: Int!, $after: String) {\n    organization(login: $login) {\n      login\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          login\n          fullName\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query OrganizationMembers($login: String!, $first: Int!, $after: String) {\n    organization(login: $login) {\n      login\n      members(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          login\n          fullName\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query OrganizationQuota($login: String!) {\n    organization(login: $login) {\n      login\n      quota {\n        ...QuotaFields\n      }\n    }\n  }\n',
): (typeof documents)['\n  query OrganizationQuota($login: String!) {\n    organization(login: $login) {\n      login\n      quota {\n        ...QuotaFields\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Owner($login: String!) {\n    organization(login: $login) {\n      login\n      fullName\n      description\n      viewerIsOwner\n      viewerCanCreateRepository\n    }\n    viewer {\n      login\n      quota {\n        ...QuotaFields\n      }\n    }\n  }\n',
): (typeof documents)['\n  query Owner($login: String!) {\n    organization(login: $login) {\n      login\n      fullName\n      description\n      viewerIsOwner\n      viewerCanCreateRepository\n    }\n    viewer {\n      login\n      quota {\n        ...QuotaFields\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query UserRepositories($owner: String!, $first: Int!, $after: String) {\n    repositories(owner: $owner, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...RepositoryRow\n      }\n    }\n  }\n',
): (typeof documents)['\n  query UserRepositories($owner: String!, $first: Int!, $after: String) {\n    repositories(owner: $owner, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        ...RepositoryRow\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AddTeamMember($organization: String!, $team: String!, $login: String!) {\n    addTeamMember(input: { organization: $organization, team: $team, login: $login }) {\n      id\n    }\n  }\n',
): (typeof documents)['\n  mutation AddTeamMember($organization: String!, $team: String!, $login: String!) {\n    addTeamMember(input: { organization: $organization, team: $team, login: $login }) {\n      id\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RemoveTeamMember($organization: String!, $team: String!, $login: String!) {\n    removeTeamMember(input: { organization: $organization, team: $team, login: $login }) {\n      id\n    }\n  }\n',
): (typeof documents)['\n  mutation RemoveTeamMember($organization: String!, $team: String!, $login: String!) {\n    removeTeamMember(input: { organization: $organization, team: $team, login: $login }) {\n      id\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AddTeamRepository($organization: String!, $team: String!, $repository: String!) {\n    addTeamRepository(\n      input: { organization: $organization, team: $team, repository: $repository }\n    ) {\n      id\n    }\n  }\n',
): (typeof documents)['\n  mutation AddTeamRepository($organization: String!, $team: String!, $repository: String!) {\n    addTeamRepository(\n      input: { organization: $organization, team: $team, repository: $repository }\n    ) {\n      id\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RemoveTeamRepository($organization: String!, $team: String!, $repository: String!) {\n    removeTeamRepository(\n      input: { organization: $organization, team: $team, repository: $repository }\n    ) {\n      id\n    }\n  }\n',
): (typeof documents)['\n  mutation RemoveTeamRepository($organization: String!, $team: String!, $repository: String!) {\n    removeTeamRepository(\n      input: { organization: $organization, team: $team, repository: $repository }\n    ) {\n      id\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query TeamDirectory($organization: String!) {\n    organization(login: $organization) {\n      login\n      fullName\n      viewerIsOwner\n      teams(first: 100) {\n        edges {\n          cursor\n          node {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query TeamDirectory($organization: String!) {\n    organization(login: $organization) {\n      login\n      fullName\n      viewerIsOwner\n      teams(first: 100) {\n        edges {\n          cursor\n          node {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Team($organization: String!, $after: String) {\n    organization(login: $organization) {\n      login\n      teams(first: 1, after: $after) {\n        nodes {\n          ...TeamSummary\n          members(first: 100) {\n            totalCount\n            nodes {\n              login\n            }\n          }\n          repositories(first: 100) {\n            totalCount\n            nodes {\n              ...RepositoryRow\n            }\n          }\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query Team($organization: String!, $after: String) {\n    organization(login: $organization) {\n      login\n      teams(first: 1, after: $after) {\n        nodes {\n          ...TeamSummary\n          members(first: 100) {\n            totalCount\n            nodes {\n              login\n            }\n          }\n          repositories(first: 100) {\n            totalCount\n            nodes {\n              ...RepositoryRow\n            }\n          }\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment QuotaFields on OwnerQuota {\n    maxRepositories\n    maxSizeBytes\n    repositoryCount\n    sizeBytes\n  }\n',
): (typeof documents)['\n  fragment QuotaFields on OwnerQuota {\n    maxRepositories\n    maxSizeBytes\n    repositoryCount\n    sizeBytes\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment RepositoryRow on Repository {\n    fullName\n    name\n    owner {\n      login\n    }\n    description\n    private\n    updatedAt\n  }\n',
): (typeof documents)['\n  fragment RepositoryRow on Repository {\n    fullName\n    name\n    owner {\n      login\n    }\n    description\n    private\n    updatedAt\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment TeamSummary on Team {\n    id\n    name\n    description\n    permission\n    includesAllRepositories\n  }\n',
): (typeof documents)['\n  fragment TeamSummary on Team {\n    id\n    name\n    description\n    permission\n    includesAllRepositories\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query CommitHistory($owner: String!, $name: String!, $ref: String, $first: Int!, $after: String) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      commits(ref: $ref, first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          oid\n          abbreviatedOid\n          messageHeadline\n          author {\n            name\n            date\n          }\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query CommitHistory($owner: String!, $name: String!, $ref: String, $first: Int!, $after: String) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      commits(ref: $ref, first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          oid\n          abbreviatedOid\n          messageHeadline\n          author {\n            name\n            date\n          }\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query RepositoryTree($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      isEmpty\n      tree(ref: $ref, path: $path) {\n        name\n        path\n        type\n        size\n      }\n      # Asked for at once (most repositories have one): no second round trip for the page.\n      # Null with a NOT_FOUND error when absent; the tree decides then.\n      readme: blob(ref: $ref, path: "README.md") {\n        path\n        text\n        isBinary\n        byteSize\n        truncated\n      }\n    }\n  }\n',
): (typeof documents)['\n  query RepositoryTree($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      isEmpty\n      tree(ref: $ref, path: $path) {\n        name\n        path\n        type\n        size\n      }\n      # Asked for at once (most repositories have one): no second round trip for the page.\n      # Null with a NOT_FOUND error when absent; the tree decides then.\n      readme: blob(ref: $ref, path: "README.md") {\n        path\n        text\n        isBinary\n        byteSize\n        truncated\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query RepositoryBlob($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      blob(ref: $ref, path: $path) {\n        path\n        text\n        isBinary\n        byteSize\n        truncated\n      }\n    }\n  }\n',
): (typeof documents)['\n  query RepositoryBlob($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      blob(ref: $ref, path: $path) {\n        path\n        text\n        isBinary\n        byteSize\n        truncated\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query RepositoryHeader($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      name\n      owner {\n        login\n      }\n      description\n      private\n      isEmpty\n      defaultBranch\n      cloneUrl\n      viewerCanAdminister\n      viewerPermission\n      branches(first: 100) {\n        totalCount\n        nodes {\n          name\n          isDefault\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query RepositoryHeader($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      name\n      owner {\n        login\n      }\n      description\n      private\n      isEmpty\n      defaultBranch\n      cloneUrl\n      viewerCanAdminister\n      viewerPermission\n      branches(first: 100) {\n        totalCount\n        nodes {\n          name\n          isDefault\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query OpenIssueCount($repository: String!) {\n    issues(repository: $repository, state: OPEN, first: 1) {\n      totalCount\n    }\n  }\n',
): (typeof documents)['\n  query OpenIssueCount($repository: String!) {\n    issues(repository: $repository, state: OPEN, first: 1) {\n      totalCount\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query Directory($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      tree(ref: $ref, path: $path) {\n        name\n        path\n        type\n        size\n      }\n    }\n  }\n',
): (typeof documents)['\n  query Directory($owner: String!, $name: String!, $ref: String, $path: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      tree(ref: $ref, path: $path) {\n        name\n        path\n        type\n        size\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query RepositoryCollaborators($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      viewerPermission\n      collaborators(first: 100) {\n        totalCount\n        edges {\n          permission\n          node {\n            login\n            fullName\n          }\n        }\n      }\n    }\n  }\n',
): (typeof documents)['\n  query RepositoryCollaborators($owner: String!, $name: String!) {\n    repository(owner: $owner, name: $name) {\n      fullName\n      viewerPermission\n      collaborators(first: 100) {\n        totalCount\n        edges {\n          permission\n          node {\n            login\n            fullName\n          }\n        }\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation AddCollaborator(\n    $repository: String!\n    $login: String!\n    $permission: RepositoryPermission!\n  ) {\n    addCollaborator(input: { repository: $repository, login: $login, permission: $permission }) {\n      fullName\n    }\n  }\n',
): (typeof documents)['\n  mutation AddCollaborator(\n    $repository: String!\n    $login: String!\n    $permission: RepositoryPermission!\n  ) {\n    addCollaborator(input: { repository: $repository, login: $login, permission: $permission }) {\n      fullName\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation RemoveCollaborator($repository: String!, $login: String!) {\n    removeCollaborator(input: { repository: $repository, login: $login }) {\n      fullName\n    }\n  }\n',
): (typeof documents)['\n  mutation RemoveCollaborator($repository: String!, $login: String!) {\n    removeCollaborator(input: { repository: $repository, login: $login }) {\n      fullName\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation SwitchStrategy($kind: StrategyKind!) {\n    switchStrategy(kind: $kind) {\n      from\n      to\n      keysMoved\n      durationMs\n    }\n  }\n',
): (typeof documents)['\n  mutation SwitchStrategy($kind: StrategyKind!) {\n    switchStrategy(kind: $kind) {\n      from\n      to\n      keysMoved\n      durationMs\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation InjectFailure($fault: FaultKind!) {\n    injectFailure(fault: $fault) {\n      fault\n      detail\n      needsRecovery\n    }\n  }\n',
): (typeof documents)['\n  mutation InjectFailure($fault: FaultKind!) {\n    injectFailure(fault: $fault) {\n      fault\n      detail\n      needsRecovery\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation Recover {\n    recover {\n      ...RecoveryFields\n    }\n  }\n',
): (typeof documents)['\n  mutation Recover {\n    recover {\n      ...RecoveryFields\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  mutation StoreSample($key: String!, $value: String!) {\n    store(key: $key, value: $value) {\n      key\n    }\n  }\n',
): (typeof documents)['\n  mutation StoreSample($key: String!, $value: String!) {\n    store(key: $key, value: $value) {\n      key\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  fragment RecoveryFields on RecoveryReport {\n    id\n    strategy\n    fault\n    completedAt\n    recoveredFrom\n    rtoMs\n    acknowledgedWritesLost\n    keysRecovered\n  }\n',
): (typeof documents)['\n  fragment RecoveryFields on RecoveryReport {\n    id\n    strategy\n    fault\n    completedAt\n    recoveredFrom\n    rtoMs\n    acknowledgedWritesLost\n    keysRecovered\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  query ResilienceStatus {\n    resilience {\n      state\n      strategy\n      activatedAt\n      pid\n      keys\n      lastSeq\n      acknowledgedKeys\n      viewerCanAdminister\n      config {\n        fsync\n        quorum\n        replicas\n        snapshotEveryWrites\n      }\n      replicas {\n        node\n        pid\n        state\n        ackedSeq\n      }\n      lastFault {\n        fault\n        node\n        at\n        detail\n      }\n      recentRecoveries(limit: 20) {\n        ...RecoveryFields\n      }\n    }\n  }\n',
): (typeof documents)['\n  query ResilienceStatus {\n    resilience {\n      state\n      strategy\n      activatedAt\n      pid\n      keys\n      lastSeq\n      acknowledgedKeys\n      viewerCanAdminister\n      config {\n        fsync\n        quorum\n        replicas\n        snapshotEveryWrites\n      }\n      replicas {\n        node\n        pid\n        state\n        ackedSeq\n      }\n      lastFault {\n        fault\n        node\n        at\n        detail\n      }\n      recentRecoveries(limit: 20) {\n        ...RecoveryFields\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription ResilienceEventsFeed {\n    resilienceEvents {\n      __typename\n      kind\n      at\n      strategy\n      ... on RecoveryCompletedEvent {\n        report {\n          ...RecoveryFields\n        }\n      }\n      ... on FaultInjectedEvent {\n        fault\n        detail\n      }\n    }\n  }\n',
): (typeof documents)['\n  subscription ResilienceEventsFeed {\n    resilienceEvents {\n      __typename\n      kind\n      at\n      strategy\n      ... on RecoveryCompletedEvent {\n        report {\n          ...RecoveryFields\n        }\n      }\n      ... on FaultInjectedEvent {\n        fault\n        detail\n      }\n    }\n  }\n'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: '\n  subscription ResilienceMetricsFeed($intervalMs: Int!) {\n    resilienceMetrics(intervalMs: $intervalMs) {\n      at\n      state\n      strategy\n      keys\n      writesPerSecond\n      writeLatencyP50Ms\n      writeLatencyP99Ms\n      replicasInSync\n      replicasTotal\n    }\n  }\n',
): (typeof documents)['\n  subscription ResilienceMetricsFeed($intervalMs: Int!) {\n    resilienceMetrics(intervalMs: $intervalMs) {\n      at\n      state\n      strategy\n      keys\n      writesPerSecond\n      writeLatencyP50Ms\n      writeLatencyP99Ms\n      replicasInSync\n      replicasTotal\n    }\n  }\n'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
