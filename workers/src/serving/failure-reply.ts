import { GatewayError, gatewayErrors, type WorkRequest } from '@alfred/contracts';
import type { Logger } from '@alfred/telemetry';
import { ClientGoneError, type ReplyChannel } from '../replies/reply-channel.ts';

/**
 * Tells the client how its request failed: OpenAI's error (a 500 without details for a
 * gateway bug, which is logged), or for a stream already under way an error event and
 * `[DONE]`. A client that went away is told nothing.
 */
export function reportFailure(
  log: Logger,
  work: WorkRequest,
  channel: ReplyChannel,
  clientSignal: AbortSignal,
  error: unknown,
): void {
  if (clientSignal.aborted || error instanceof ClientGoneError) {
    log.info({ requestId: work.id }, 'request cancelled by its client');
    return;
  }
  const failure = error instanceof GatewayError ? error : gatewayErrors.internal();
  if (!(error instanceof GatewayError)) {
    log.error({ err: error, requestId: work.id }, 'request failed unexpectedly');
  } else {
    log.info({ requestId: work.id, status: failure.status, code: failure.code }, 'request failed');
  }
  if (channel.started) {
    channel.end(`data: ${JSON.stringify(failure.toBody())}\n\ndata: [DONE]\n\n`);
  } else {
    channel.fail(failure);
  }
}
