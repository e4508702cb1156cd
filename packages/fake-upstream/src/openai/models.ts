import type { ModelList } from '@alfred/contracts';
import type { Endpoint } from '../endpoint.ts';
import { jsonReply } from '../transport/reply.ts';
import { openAiErrors } from './errors.ts';

// A fixed date, so the list is byte-for-byte the same on every run.
const CREATED = 1_700_000_000;

/** GET /v1/models: the names from the server's settings (any other name is answered too). */
export const openAiModelsEndpoint: Endpoint = {
  errors: openAiErrors,
  readsBody: false,
  answer(_body, context) {
    const list: ModelList = {
      object: 'list',
      data: context.settings.models.map((id) => ({
        id,
        object: 'model',
        created: CREATED,
        owned_by: 'fake-upstream',
      })),
    };
    return jsonReply(200, list);
  },
};
