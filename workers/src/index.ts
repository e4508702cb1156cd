// What tests and the benchmark start in-process; the service itself runs from main.ts.
export { PoolWorker } from './pool-worker.ts';
export { workerSettingsFromEnv, type WorkerSettings } from './settings.ts';
export { openBillingOutlets, type WorkerBilling } from './billing/open-billing-outlets.ts';
