export { startTelegramSimulator, type StartOptions } from './simulator-server.ts';
export { createSimulatorClient } from './simulator-client.ts';
export { CONTROL_METHODS } from './http-server.ts';
export { DEFAULT_RATES } from './rate-limiter.ts';
export { createPng, createOggOpus } from './sample-files.ts';
export type * from './simulator-types.ts';
export type * from './bot-api-types.ts';
