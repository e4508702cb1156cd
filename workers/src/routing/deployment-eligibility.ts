import type { DeploymentConfig, TeamPolicy } from '@alfred/contracts';
import type { DeploymentUsage } from './deployment-usage.ts';

/**
 * Why a deployment cannot serve a request, in the order the checks run: a later reason
 * means the deployment passed every earlier check. When no deployment of a model is left,
 * the latest reason any of them reached is what the client is told.
 */
export const exclusions = ['tags', 'team-policy', 'context-window', 'rate-cap'] as const;
export type Exclusion = (typeof exclusions)[number];

export interface EligibilityInput {
  /** From `x-alfred-tags`: the deployment must carry all of them. */
  tags: readonly string[];
  policy: TeamPolicy | undefined;
  promptTokens: number;
  usage: DeploymentUsage;
}

/** The first check `deployment` fails for this request, or undefined when it may serve it. */
export function exclusionOf(
  deployment: DeploymentConfig,
  input: EligibilityInput,
): Exclusion | undefined {
  if (!hasAll(deployment, input.tags)) return 'tags';
  const policy = input.policy;
  if (
    policy &&
    (!hasAll(deployment, policy.requiredTags) ||
      policy.deniedDeployments.includes(deployment.id) ||
      (policy.regions !== undefined &&
        (deployment.region === undefined || !policy.regions.includes(deployment.region))))
  ) {
    return 'team-policy';
  }
  if (deployment.contextWindow !== undefined && input.promptTokens > deployment.contextWindow) {
    return 'context-window';
  }
  if (!input.usage.admits(deployment, input.promptTokens)) return 'rate-cap';
  return undefined;
}

/** The furthest check any of the excluded deployments got past: what emptied the list. */
export function decisiveExclusion(reasons: readonly Exclusion[]): Exclusion | undefined {
  let furthest = -1;
  for (const reason of reasons) furthest = Math.max(furthest, exclusions.indexOf(reason));
  return exclusions[furthest];
}

function hasAll(deployment: DeploymentConfig, tags: readonly string[]): boolean {
  return tags.every((tag) => deployment.tags.includes(tag));
}
