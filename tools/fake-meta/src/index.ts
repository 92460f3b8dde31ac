export { startFakeMeta, type FakeMeta, type FakeMetaOptions } from './server.ts';
export type { FakeMetaControl, TemplateSeed } from './control.ts';
export type { Fault, FaultRule } from './faults.ts';
export type { GraphErrorBody } from './graph-error.ts';
export { HUMAN_AGENT_WINDOW_MS, INSTAGRAM_WINDOW_MS, LONG_LIVED_TOKEN_SECONDS } from './instagram-routes.ts';
export { instagramEvent, instagramPayload, type InstagramMessageInput } from './instagram-webhooks.ts';
export type { InstagramAccount, InstagramUser, PhoneNumber, SentMessage, Template, TemplateStatus } from './meta-world.ts';
export type { RecordedRequest, RequestFilter } from './request-log.ts';
export { DEFAULT_SEND_LIMITS, type SendLimits } from './send-limits.ts';
export {
  postSignedWebhook,
  signBody,
  verifySubscription,
  type SignedWebhookOptions,
  type VerificationResult,
  type WebhookDelivery,
} from './webhook-sender.ts';
export { MEDIA_URL_TTL_MS, SERVICE_WINDOW_MS } from './whatsapp-routes.ts';
export {
  whatsappMessage,
  whatsappMessagesPayload,
  whatsappStatus,
  whatsappStatusesPayload,
  type WhatsAppBusiness,
} from './whatsapp-webhooks.ts';
export { createFakeMetaClient, type RemoteControl } from './control-client.ts';
