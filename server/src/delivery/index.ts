// The delivery engine's one face: the outbox, lanes, rate limits, retry policy and ledger.
export {
  createDelivery,
  defaultDeliveryLimits,
  type Delivery,
  type DeliveryLimits,
  type DeliveryOptions,
  type RetryResult,
} from './dispatcher.ts';
export type {
  ChannelDirectory,
  DeliveryCounters,
  DeliveryOutcome,
  EditFunction,
  OutcomeFollowUp,
  OutcomeHandler,
  RowOutcome,
  SendFunction,
} from './delivery.types.ts';
export { combineFollowUps } from './outcome-follow-up.ts';
export type { EnqueueInput } from './outbox-enqueue.ts';
export type { RateLimitProfile, RateLimits } from './rate-limiter.ts';
export { decideRetry, defaultRetryPolicy, type RetryPolicy } from './retry-policy.ts';
export {
  deliveryTables,
  lanes,
  outboxStates,
  type AttemptOutcome,
  type DeliveryDb,
  type DeliveryAttempt,
  type DeliveryTables,
  type Lane,
  type OutboxRow,
  type OutboxState,
} from './tables.ts';
export { createCascades, maxCascadeSteps, type CascadeInput, type CascadeStatus, type Cascades } from './cascade.ts';
export { registerCascadeRoutes } from './cascade.routes.ts';
