export * from './usage-stream.ts';
