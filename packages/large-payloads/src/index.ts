export { LargePayloadStore } from './large-payload-store.ts';
