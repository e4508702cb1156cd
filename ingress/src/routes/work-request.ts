import {
  ENVELOPE_VERSION,
  type CacheDirective,
  type Operation,
  type WorkRequest,
} from '@alfred/contracts';
import type { ApiKeyRecord } from '@alfred/database';

export function workRequestFor(
  id: string,
  operation: Operation,
  body: Record<string, unknown> & { model: string },
  stream: boolean,
  key: ApiKeyRecord,
  timeoutMs: number,
  tags: string[] | undefined,
  cache: CacheDirective | undefined,
): WorkRequest {
  const work: WorkRequest = {
    v: ENVELOPE_VERSION,
    id,
    operation,
    model: body.model,
    stream,
    deadline: Date.now() + timeoutMs,
    caller: { orgId: key.orgId, keyId: key.id, teamId: key.teamId },
    body,
  };
  if (tags) work.tags = tags;
  if (cache) work.cache = cache;
  return work;
}
