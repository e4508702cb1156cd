export { findPii, redactPii, type PiiOptions } from './find-pii.ts';
export { redactPiiDeep, type DeepRedactionOptions } from './redact-deep.ts';
export { maskChatPrompt, type MaskedChatPrompt } from './mask-chat-prompt.ts';
export { piiKinds, placeholders, type PiiKind, type PiiSpan } from './pii-span.ts';
