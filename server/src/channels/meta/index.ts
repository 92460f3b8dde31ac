// Meta's shared parts for its messaging products (WhatsApp, Instagram): Meta apps as records,
// webhook verification on the raw body, the Graph API client and its errors.
export { createMetaAppStore, type MetaAppInput, type MetaAppStore } from './apps.store.ts';
export { createGraphClient, type GraphClient, type GraphClientOptions } from './graph-client.ts';
export { graphErrorToChannelError, outsideWindowSubcode, reEngagementCode, type GraphErrorDetails, type MetaProduct } from './errors.ts';
export { decodeMetaCredentials, graphIdField, metaAccessTokenField, metaAppSecretField, metaVerifyTokenField } from './credentials.ts';
export { matchMetaSignature, signMetaBody, signatureHeader } from './signature.ts';
export { registerMetaWebhook, type MetaWebhookBody, type MetaWebhookOptions } from './webhook.ts';
export type { MetaTables } from './tables.ts';
export { extensionOf } from './media.ts';
