import { Kind, parse, visit, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { formattedError } from '../http/formattedError';
import type { FeedSpec } from './Feed';
import { activePolicy, type FeedPolicy } from './feedPolicy';
import type { SubscriptionPlan } from './SubscriptionPlanner';
import type { SubscriptionRequest } from './FederatedSubscriptions';
import { argumentValue, upstreamOperation, type UpstreamOperation } from './upstreamOperation';
import type { ServiceIdentity } from './UpstreamSubscriptions';

export interface FeedSpecsOptions {
  /** Policies in force (none without a feed token: every field is then scoped per viewer). */
  feedPolicies: readonly FeedPolicy[];
  feedIdentity: ServiceIdentity;
  isViewerDependentField: (name: string) => boolean;
}

/**
 * How a planned client subscription maps to a shared feed (subgraph, upstream text, variables,
 * identity scope) and to an audience group within it; computed once per plan.
 */
export class FeedSpecs {
  private readonly operations = new WeakMap<SubscriptionPlan, UpstreamOperation>();
  private readonly planGroups = new WeakMap<SubscriptionPlan, { id: number; alone: boolean }>();
  private nextGroup = 0;

  constructor(private readonly options: FeedSpecsOptions) {}

  /** Whether `plan`'s selection depends on the viewer (each subscriber resolves alone). */
  isAlone(plan: SubscriptionPlan): boolean {
    return this.planGroups.get(plan)?.alone === true;
  }

  /** The feed of a planned request, or errors when it cannot be served. */
  specOf(plan: SubscriptionPlan, request: SubscriptionRequest): FeedSpec | GraphQLFormattedError[] {
    const { primary } = plan;
    const url = plan.supergraph.subgraphUrls.get(primary.serviceName);
    if (!url) {
      return [
        formattedError('UPSTREAM_UNAVAILABLE', 'Unknown subgraph', {
          subgraph: primary.serviceName,
        }),
      ];
    }
    const operation = this.operationOf(plan);
    const variables: Record<string, unknown> = {};
    for (const name of operation.variableNames) {
      if (request.variables[name] !== undefined) variables[name] = request.variables[name];
    }
    const policy = operation.feed;
    const audience = policy ? argumentValue(policy.audience, request.variables) : undefined;
    if (policy && typeof audience !== 'string') {
      return [formattedError('BAD_USER_INPUT', `"${policy.policy.audienceArgument}" is required`)];
    }
    const scope = policy ? '\u0000feed' : (request.context.authorization ?? '');
    return {
      key: `${primary.serviceName}\n${url}\n${operation.query}\n${JSON.stringify(variables)}\n${scope}`,
      subgraph: { name: primary.serviceName, url },
      field: plan.rootField,
      operation,
      variables,
      ...(typeof audience === 'string' ? { audience } : {}),
      identity: policy ? this.options.feedIdentity : request.context.authorization,
    };
  }

  operationOf(plan: SubscriptionPlan): UpstreamOperation {
    let operation = this.operations.get(plan);
    if (!operation) {
      const { primary, supergraph } = plan;
      // A selection the owning subgraph answers per viewer cannot come from a feed shared by
      // all viewers: such a plan keeps a feed per Authorization (the subgraph checks access).
      const policy = this.dependsOnViewer(parse(primary.operation))
        ? undefined
        : activePolicy(this.options.feedPolicies, plan.rootField, supergraph.supergraphSchema);
      operation = upstreamOperation(
        primary.operation,
        primary.operationName,
        primary.variableUsages,
        policy,
      );
      this.operations.set(plan, operation);
    }
    return operation;
  }

  /** Same plan and variables → same group, unless the selection depends on the viewer. */
  groupOf(plan: SubscriptionPlan, request: SubscriptionRequest): string {
    let group = this.planGroups.get(plan);
    if (!group) {
      group = { id: (this.nextGroup += 1), alone: this.dependsOnViewer(request.document) };
      this.planGroups.set(plan, group);
    }
    if (group.alone) return `${group.id}#${(this.nextGroup += 1)}`;
    // Where a client resumes from does not change how an event resolves.
    const resume = this.operationOf(plan).feed?.resume;
    const variables =
      resume && 'variable' in resume
        ? { ...request.variables, [resume.variable]: undefined }
        : request.variables;
    return `${group.id}#${JSON.stringify(variables)}`;
  }

  private dependsOnViewer(document: DocumentNode): boolean {
    let depends = false;
    visit(document, {
      [Kind.FIELD]: (node) => {
        if (this.options.isViewerDependentField(node.name.value)) depends = true;
      },
    });
    return depends;
  }
}
