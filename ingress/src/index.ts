// What tests and the benchmark start in-process; the service itself runs from main.ts.
export { startIngress, type Ingress } from './ingress-server.ts';
export { ingressSettingsFromEnv, type CreditsMode, type IngressSettings } from './settings.ts';
