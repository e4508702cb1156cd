import { describe, expect, it } from 'vitest';
import { GatewayConfigSchema, type GatewayConfigInput } from './gateway-config.ts';

const base: GatewayConfigInput = {
  providers: { openai: { type: 'openai', baseUrl: 'http://127.0.0.1:1/v1' } },
  deployments: [
    { id: 'a', provider: 'openai', model: 'gpt-4o', contextWindow: 8_000, tags: ['eu'] },
    { id: 'b', provider: 'openai', model: 'gpt-4o-mini', region: 'eu' },
    { id: 'e', provider: 'openai', model: 'text-embedding-3-small' },
  ],
  models: [
    { name: 'gpt-4o', deployments: ['a'] },
    { name: 'gpt-4o-mini', deployments: ['b'] },
    { name: 'embed', kind: 'embeddings', deployments: ['e'] },
  ],
};

/** Each problem as `path: message`. */
function problemsOf(change: (config: GatewayConfigInput) => void): string[] {
  const config = structuredClone(base);
  change(config);
  const result = GatewayConfigSchema.safeParse(config);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('gateway config routing fields', () => {
  it('defaults to the old behaviour: listed order, weight 1, no tags, no fallbacks', () => {
    const config = GatewayConfigSchema.parse(base);
    expect(config.models[0]).toMatchObject({ routing: { strategy: 'ordered' }, fallbacks: [] });
    expect(config.deployments[1]).toMatchObject({
      weight: 1,
      tags: [],
      timeouts: { connectMs: 5_000, firstTokenMs: 30_000, totalMs: 600_000 },
    });
    expect(config.teamPolicies).toEqual({});
    const partial = problemsOf((c) => {
      c.deployments[0]!.timeouts = { totalMs: 1_000 };
    });
    expect(partial).toEqual([]);
  });

  it('names the exact path of every bad cross reference', () => {
    expect(
      problemsOf((c) => {
        c.models[0]!.fallbacks = ['gpt-4o-mini', 'nope', 'gpt-4o', 'embed', 'gpt-4o-mini'];
      }),
    ).toEqual([
      "models.0.fallbacks.1: unknown model 'nope'",
      "models.0.fallbacks.2: model 'gpt-4o' cannot fall back to itself",
      "models.0.fallbacks.3: model 'embed' is of kind embeddings, not chat",
      "models.0.fallbacks.4: 'gpt-4o-mini' is listed twice",
    ]);
    expect(
      problemsOf((c) => {
        c.models[1]!.contextWindowFallback = 'gpt-4o';
        c.models[0]!.contextWindowFallback = 'missing';
      }),
    ).toEqual([
      "models.0.contextWindowFallback: unknown model 'missing'",
      'models.1.contextWindowFallback: has no effect: no deployment of this model sets contextWindow',
    ]);
    expect(
      problemsOf((c) => {
        c.models[0]!.deployments = ['a', 'a'];
        c.deployments[1]!.provider = 'toString';
      }),
    ).toEqual([
      "deployments.1.provider: unknown provider 'toString'",
      "models.0.deployments.1: deployment 'a' is listed twice",
    ]);
  });

  it('asks for a price on every deployment of a cost-routed model', () => {
    expect(
      problemsOf((c) => {
        c.models[0]!.routing = { strategy: 'cost' };
      }),
    ).toEqual(["models.0.deployments.0: cost routing needs a price on deployment 'a'"]);
  });

  it('checks team policies against the deployments that exist', () => {
    expect(
      problemsOf((c) => {
        c.teamPolicies = {
          'team-1': { deniedDeployments: ['zz'], requiredTags: ['eu', 'us'], regions: ['mars'] },
        };
      }),
    ).toEqual([
      "teamPolicies.team-1.deniedDeployments.0: unknown deployment 'zz'",
      "teamPolicies.team-1.requiredTags.1: no deployment has the tag 'us'",
      "teamPolicies.team-1.regions.0: no deployment is in region 'mars'",
    ]);
  });

  it('rejects malformed tags and caps', () => {
    const problems = problemsOf((c) => {
      c.deployments[0]!.tags = ['has space'];
      c.deployments[0]!.rpm = 0;
    });
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(expect.stringMatching(/^deployments\.0\.tags\.0: a tag is/));
    expect(problems).toContainEqual(expect.stringMatching(/^deployments\.0\.rpm: /));
  });
});

describe('gateway config cache fields', () => {
  it("needs the semantic cache's embeddings model to exist and to be of kind embeddings", () => {
    expect(
      problemsOf((c) => {
        c.models[0]!.cache = { semantic: { mode: 'on', embeddingsModel: 'embed' } };
      }),
    ).toEqual([]);
    expect(
      problemsOf((c) => {
        c.models[0]!.cache = { semantic: { mode: 'shadow', embeddingsModel: 'gpt-4o-mini' } };
        c.models[1]!.cache = { semantic: { mode: 'on', embeddingsModel: 'nope' } };
      }),
    ).toEqual([
      "models.0.cache.semantic.embeddingsModel: model 'gpt-4o-mini' is of kind chat, not embeddings",
      "models.1.cache.semantic.embeddingsModel: unknown model 'nope'",
    ]);
  });
});
