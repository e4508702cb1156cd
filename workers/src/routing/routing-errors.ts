import { GatewayError, routingTagsHeader } from '@alfred/contracts';
import type { Exclusion } from './deployment-eligibility.ts';

export interface EmptyRouteDetails {
  model: string;
  tags: readonly string[];
  /** Largest context window among the deployments that passed the tag and team checks. */
  largestContextWindow: number | undefined;
  promptTokens: number;
  retryAfterSeconds: number;
}

/** What the client sees when no deployment of its model (or of any fallback) may serve it. */
export function noRouteError(reason: Exclusion, details: EmptyRouteDetails): GatewayError {
  switch (reason) {
    case 'tags':
      return new GatewayError({
        status: 400,
        type: 'invalid_request_error',
        code: 'no_matching_deployment',
        param: routingTagsHeader,
        message: `No deployment of the model '${details.model}' has all the tags requested in ${routingTagsHeader} (${details.tags.join(', ')}).`,
      });
    case 'team-policy':
      return new GatewayError({
        status: 403,
        type: 'permission_error',
        code: 'team_policy_denied',
        message: `Your team's routing policy allows no deployment of the model '${details.model}'.`,
      });
    case 'context-window':
      return new GatewayError({
        status: 400,
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
        param: 'messages',
        message: `This model's maximum context length is ${details.largestContextWindow ?? 0} tokens, but the prompt has about ${details.promptTokens} tokens. Shorten the messages.`,
      });
    case 'rate-cap':
      return new GatewayError({
        status: 429,
        type: 'rate_limit_exceeded',
        code: 'deployment_rate_limited',
        message: `Every deployment of the model '${details.model}' is at its requests or tokens per minute cap. Try again shortly.`,
        headers: { 'retry-after': String(details.retryAfterSeconds) },
      });
  }
}
