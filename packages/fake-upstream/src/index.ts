export { startFakeUpstream, defaultModels } from './server.ts';
export type { FakeUpstream, FakeUpstreamOptions } from './server.ts';
export { behaviorFromEnv, behaviorHeaders, defaultBehavior, failureModes } from './behavior.ts';
export type { FailureMode, FakeBehavior } from './behavior.ts';
export type { AbortRecord, FakeUpstreamStats, RecordedRequest, RouteName } from './stats.ts';
export { countTokens, tokenize } from './model/tokenizer.ts';
