import {
  gatewayErrors,
  type DeploymentConfig,
  type GatewayConfig,
  type ModelConfig,
  type TeamPolicy,
} from '@alfred/contracts';
import type { UpstreamTarget } from '../providers/connector.ts';
import {
  decisiveExclusion,
  exclusionOf,
  type EligibilityInput,
  type Exclusion,
} from './deployment-eligibility.ts';
import { idleDeploymentLoad, type DeploymentLoad } from './deployment-load.ts';
import { DeploymentUsage } from './deployment-usage.ts';
import { noRouteError } from './routing-errors.ts';
import { routingStrategies } from './strategies/strategies.ts';

/** What routing needs to know about one request. */
export interface RouteRequest {
  /** The client-facing model name. */
  model: string;
  estimatedPromptTokens: number;
  /** For cost-based routing; default: the model's `maxOutputTokens`. */
  estimatedOutputTokens?: number;
  /** From `x-alfred-tags`; empty = no constraint. */
  tags: readonly string[];
  teamId: string | null;
}

export type AttemptReason = 'primary' | 'failover' | 'fallback-model' | 'context-window-fallback';

/** One upstream call the worker may make for a request, in the order it should try them. */
export interface PlannedAttempt {
  target: UpstreamTarget;
  /** The client-facing model this deployment serves (a fallback's name for a fallback). */
  model: string;
  reason: AttemptReason;
}

export interface RoutePlannerOptions {
  load?: DeploymentLoad;
  /** Keep one across config swaps so the rpm/tpm minute is not reset. */
  usage?: DeploymentUsage;
  random?: () => number;
  /** Where the providers' `apiKeyEnv` variables are read. */
  env?: NodeJS.ProcessEnv;
}

interface ModelRoute {
  model: ModelConfig;
  targets: UpstreamTarget[];
}

/**
 * Turns one gateway config into plans: for a request, the ordered chain of deployments to
 * try. The requested model's deployments that may serve it (tags, team policy, context
 * window, rpm/tpm caps) ranked by the model's strategy, then each fallback model's chain in
 * turn; deployments that are unavailable (open circuit, 429 cool-down) move to the very end,
 * still tried if nothing else is left. Immutable: a new config is a new planner.
 */
export class RoutePlanner {
  readonly config: GatewayConfig;
  readonly #routes = new Map<string, ModelRoute>();
  readonly #load: DeploymentLoad;
  readonly #usage: DeploymentUsage;
  readonly #random: () => number;

  constructor(config: GatewayConfig, options: RoutePlannerOptions = {}) {
    this.config = config;
    this.#load = options.load ?? idleDeploymentLoad;
    this.#usage = options.usage ?? new DeploymentUsage();
    this.#random = options.random ?? Math.random;
    const env = options.env ?? process.env;
    const deployments = new Map(config.deployments.map((d) => [d.id, d]));
    for (const model of config.models) {
      const targets = model.deployments.map((id) => {
        const deployment = deployments.get(id)!;
        const provider = config.providers[deployment.provider]!;
        return {
          provider,
          deployment,
          apiKey: provider.apiKeyEnv ? env[provider.apiKeyEnv] : undefined,
        };
      });
      this.#routes.set(model.name, { model, targets });
    }
  }

  /** A client-facing model's settings in this config (its cache, say). */
  modelConfig(model: string): ModelConfig | undefined {
    return this.#routes.get(model)?.model;
  }

  /** The model's deployments in configured order (what serving used before plans). */
  targetsFor(model: string): UpstreamTarget[] {
    const route = this.#routes.get(model);
    if (!route) throw gatewayErrors.modelNotFound(model);
    return route.targets;
  }

  /** The attempts for one request, first = preferred. Throws the client's error when there is none. */
  plan(request: RouteRequest): PlannedAttempt[] {
    const primary = this.#routes.get(request.model);
    if (!primary) throw gatewayErrors.modelNotFound(request.model);
    const eligibility: EligibilityInput = {
      tags: request.tags,
      policy: this.teamPolicy(request.teamId),
      promptTokens: request.estimatedPromptTokens,
      usage: this.#usage,
    };
    const chain: PlannedAttempt[] = [];
    const visited = new Set<string>();
    const used = new Set<string>();
    const expand = (route: ModelRoute, reason: AttemptReason): Exclusion | undefined => {
      if (visited.has(route.model.name)) return undefined;
      visited.add(route.model.name);
      const eligible: UpstreamTarget[] = [];
      const excluded: Exclusion[] = [];
      for (const target of route.targets) {
        const exclusion = exclusionOf(target.deployment, eligibility);
        if (exclusion) excluded.push(exclusion);
        else if (!used.has(target.deployment.id)) eligible.push(target);
      }
      const emptiedBy = eligible.length === 0 ? decisiveExclusion(excluded) : undefined;
      const ranked = routingStrategies[route.model.routing.strategy](eligible, {
        load: this.#load,
        random: this.#random,
        promptTokens: request.estimatedPromptTokens,
        outputTokens: request.estimatedOutputTokens ?? route.model.maxOutputTokens,
      });
      for (const target of ranked) {
        used.add(target.deployment.id);
        chain.push({ target, model: route.model.name, reason });
      }
      const tooLong = route.model.contextWindowFallback;
      if (emptiedBy === 'context-window' && tooLong !== undefined) {
        expand(this.#routes.get(tooLong)!, 'context-window-fallback');
      }
      for (const fallback of route.model.fallbacks) {
        expand(this.#routes.get(fallback)!, 'fallback-model');
      }
      return emptiedBy;
    };
    const emptiedBy = expand(primary, 'failover');
    if (chain.length === 0) {
      throw noRouteError(emptiedBy ?? 'tags', {
        model: request.model,
        tags: request.tags,
        largestContextWindow: largestWindow(primary.targets, eligibility),
        promptTokens: request.estimatedPromptTokens,
        retryAfterSeconds: Math.min(
          ...primary.targets.map((t) => this.#usage.secondsUntilRoom(t.deployment)),
        ),
      });
    }
    const plan = [
      ...chain.filter((a) => this.#load.isAvailable(a.target.deployment.id)),
      ...chain.filter((a) => !this.#load.isAvailable(a.target.deployment.id)),
    ];
    if (plan[0]!.model === request.model) plan[0] = { ...plan[0]!, reason: 'primary' };
    return plan;
  }

  /** Counts a call about to be made against the deployment's rpm/tpm caps (prompt tokens now). */
  recordAttempt(deployment: DeploymentConfig, promptTokens: number): void {
    this.#usage.record(deployment, 1, promptTokens);
  }

  /** Adds tokens learned after the call (its completion) to the deployment's tpm count. */
  recordTokens(deployment: DeploymentConfig, tokens: number): void {
    this.#usage.record(deployment, 0, tokens);
  }

  /** The team's policy in this config, if it has one. */
  teamPolicy(teamId: string | null): TeamPolicy | undefined {
    if (teamId === null || !Object.hasOwn(this.config.teamPolicies, teamId)) return undefined;
    return this.config.teamPolicies[teamId];
  }
}

function largestWindow(targets: UpstreamTarget[], eligibility: EligibilityInput) {
  const windows = targets
    .filter((t) => exclusionOf(t.deployment, eligibility) === 'context-window')
    .map((t) => t.deployment.contextWindow ?? 0);
  return windows.length > 0 ? Math.max(...windows) : undefined;
}
