import { GatewayConfigSchema, GatewayError, type GatewayConfigInput } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import { DeploymentUsage } from './deployment-usage.ts';
import { RoutePlanner, type RouteRequest } from './route-plan.ts';
import { fixedLoad, seededRandom } from './test-support/routing-fixtures.ts';

const config: GatewayConfigInput = {
  providers: {
    openai: { type: 'openai', baseUrl: 'http://127.0.0.1:1/v1', apiKeyEnv: 'OPENAI_KEY' },
    azure: { type: 'azure-openai', baseUrl: 'http://127.0.0.1:2/openai' },
  },
  deployments: [
    { id: 'oa-us', provider: 'openai', model: 'gpt-4o', region: 'us', contextWindow: 8_000 },
    {
      id: 'az-eu',
      provider: 'azure',
      model: 'gpt-4o',
      region: 'eu',
      tags: ['eu', 'zdr'],
      contextWindow: 8_000,
    },
    { id: 'az-eu-big', provider: 'azure', model: 'gpt-4o-128k', region: 'eu', tags: ['eu'] },
    { id: 'oa-mini', provider: 'openai', model: 'gpt-4o-mini', tags: ['eu'], rpm: 2 },
    { id: 'oa-embed', provider: 'openai', model: 'text-embedding-3-small' },
  ],
  models: [
    {
      name: 'gpt-4o',
      deployments: ['oa-us', 'az-eu'],
      fallbacks: ['gpt-4o-mini'],
      contextWindowFallback: 'gpt-4o-long',
    },
    { name: 'gpt-4o-long', deployments: ['az-eu-big'], fallbacks: ['gpt-4o'] },
    { name: 'gpt-4o-mini', deployments: ['oa-mini', 'oa-us'], fallbacks: ['gpt-4o'] },
    { name: 'embed', kind: 'embeddings', deployments: ['oa-embed'] },
  ],
  teamPolicies: {
    'team-eu': { regions: ['eu'] },
    'team-zdr': { requiredTags: ['zdr'] },
    'team-no-us': { deniedDeployments: ['oa-us'] },
  },
};

function plannerWith(
  options: ConstructorParameters<typeof RoutePlanner>[1] = {},
  input: GatewayConfigInput = config,
) {
  return new RoutePlanner(GatewayConfigSchema.parse(input), {
    env: { OPENAI_KEY: 'sk-test' },
    random: seededRandom(1),
    ...options,
  });
}

function request(overrides: Partial<RouteRequest> = {}): RouteRequest {
  return { model: 'gpt-4o', estimatedPromptTokens: 100, tags: [], teamId: null, ...overrides };
}

function steps(planner: RoutePlanner, overrides: Partial<RouteRequest> = {}) {
  return planner
    .plan(request(overrides))
    .map((a) => `${a.target.deployment.id}/${a.model}/${a.reason}`);
}

function planError(planner: RoutePlanner, overrides: Partial<RouteRequest>): GatewayError {
  try {
    planner.plan(request(overrides));
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('planned without an error');
}

describe('route planner', () => {
  it('lists the model deployments, then its fallback models, each deployment once', () => {
    expect(steps(plannerWith())).toEqual([
      'oa-us/gpt-4o/primary',
      'az-eu/gpt-4o/failover',
      // gpt-4o-mini's own oa-us is already planned; its fallback gpt-4o is not expanded twice.
      'oa-mini/gpt-4o-mini/fallback-model',
    ]);
    const attempt = plannerWith().plan(request())[0]!;
    expect(attempt.target.apiKey).toBe('sk-test');
    expect(attempt.target.provider.type).toBe('openai');
  });

  it('keeps only deployments with every requested tag', () => {
    expect(steps(plannerWith(), { tags: ['eu', 'zdr'] })).toEqual(['az-eu/gpt-4o/primary']);
    expect(steps(plannerWith(), { tags: ['eu'] })).toEqual([
      'az-eu/gpt-4o/primary',
      'oa-mini/gpt-4o-mini/fallback-model',
    ]);
  });

  it('says which tags no deployment has', () => {
    const error = planError(plannerWith(), { tags: ['gpu=h100'] });
    expect(error.status).toBe(400);
    expect(error.toBody().error).toMatchObject({
      param: 'x-alfred-tags',
      code: 'no_matching_deployment',
    });
    expect(error.message).toContain('gpu=h100');
  });

  it('applies the team policy: regions, required tags, denied deployments', () => {
    expect(steps(plannerWith(), { teamId: 'team-eu' })).toEqual(['az-eu/gpt-4o/primary']);
    expect(steps(plannerWith(), { teamId: 'team-zdr' })).toEqual(['az-eu/gpt-4o/primary']);
    expect(steps(plannerWith(), { teamId: 'team-no-us' })).toEqual([
      'az-eu/gpt-4o/primary',
      'oa-mini/gpt-4o-mini/fallback-model',
    ]);
    expect(steps(plannerWith(), { teamId: 'team-without-policy' })).toHaveLength(3);
    const error = planError(plannerWith(), { model: 'embed', teamId: 'team-zdr' });
    expect(error.status).toBe(403);
    expect(error.code).toBe('team_policy_denied');
  });

  it('sends a prompt too long for every deployment to the context-window fallback', () => {
    expect(steps(plannerWith(), { estimatedPromptTokens: 20_000 })).toEqual([
      'az-eu-big/gpt-4o-long/context-window-fallback',
      // gpt-4o's other fallback: gpt-4o-mini's deployments set no context window.
      'oa-mini/gpt-4o-mini/fallback-model',
    ]);
  });

  it('answers context_length_exceeded when the model has no fallback that fits', () => {
    const input = structuredClone(config);
    input.models[0] = { name: 'gpt-4o', deployments: ['oa-us', 'az-eu'] };
    const error = planError(plannerWith({}, input), { estimatedPromptTokens: 20_000 });
    expect(error.status).toBe(400);
    expect(error.code).toBe('context_length_exceeded');
    expect(error.message).toContain('8000');
  });

  it('skips a deployment at its per-process rpm cap, and answers 429 when none is left', () => {
    const usage = new DeploymentUsage(() => 1_000_000);
    const planner = plannerWith({ usage });
    const mini = planner.config.deployments.find((d) => d.id === 'oa-mini')!;
    const planMini = () => steps(planner, { model: 'gpt-4o-mini', tags: ['eu'] });
    expect(planMini()[0]).toBe('oa-mini/gpt-4o-mini/primary');
    planner.recordAttempt(mini, 10);
    planner.recordAttempt(mini, 10);
    // At its cap of 2 per minute: gpt-4o's eu deployment (a fallback) takes over.
    expect(planMini()).toEqual(['az-eu/gpt-4o/fallback-model']);
    // A model with no other way out answers 429 with the wait until the minute has room.
    const onlyMini = structuredClone(config);
    onlyMini.models.push({ name: 'mini-only', deployments: ['oa-mini'] });
    const error = planError(plannerWith({ usage }, onlyMini), { model: 'mini-only' });
    expect(error.status).toBe(429);
    expect(error.code).toBe('deployment_rate_limited');
    expect(error.headers['retry-after']).toBe('60');
  });

  it('counts tokens against tpm over a sliding minute', () => {
    let now = 1_000_000;
    const usage = new DeploymentUsage(() => now);
    const input = structuredClone(config);
    input.deployments[3] = { id: 'oa-mini', provider: 'openai', model: 'm', tpm: 1_000 };
    const planner = plannerWith({ usage }, input);
    const mini = planner.config.deployments[3]!;
    const first = () => steps(planner, { model: 'gpt-4o-mini', estimatedPromptTokens: 300 })[0];
    planner.recordAttempt(mini, 300);
    planner.recordTokens(mini, 400);
    expect(first()).toBe('oa-mini/gpt-4o-mini/primary');
    planner.recordTokens(mini, 100);
    expect(first()).toBe('oa-us/gpt-4o-mini/primary');
    now += 61_000;
    expect(first()).toBe('oa-mini/gpt-4o-mini/primary');
  });

  it('moves unavailable deployments to the end instead of dropping them', () => {
    const load = fixedLoad({ unavailable: ['oa-us'] });
    expect(steps(plannerWith({ load }))).toEqual([
      'az-eu/gpt-4o/primary',
      'oa-mini/gpt-4o-mini/fallback-model',
      'oa-us/gpt-4o/failover',
    ]);
    const allDown = fixedLoad({ unavailable: ['oa-us', 'az-eu', 'oa-mini'] });
    expect(steps(plannerWith({ load: allDown }))).toHaveLength(3);
  });

  it('ranks with the model strategy and keeps the configured order for targetsFor', () => {
    const input = structuredClone(config);
    input.models[0] = {
      name: 'gpt-4o',
      deployments: ['oa-us', 'az-eu'],
      routing: { strategy: 'least-in-flight' },
    };
    const load = fixedLoad({ inFlight: { 'oa-us': 3 } });
    const planner = plannerWith({ load }, input);
    expect(steps(planner)).toEqual(['az-eu/gpt-4o/primary', 'oa-us/gpt-4o/failover']);
    expect(planner.targetsFor('gpt-4o').map((t) => t.deployment.id)).toEqual(['oa-us', 'az-eu']);
  });

  it("answers OpenAI's 404 for a model it does not know", () => {
    expect(planError(plannerWith(), { model: 'gpt-5' }).code).toBe('model_not_found');
    expect(() => plannerWith().targetsFor('gpt-5')).toThrow(/does not exist/);
  });
});
