// The WhatsApp Business Cloud API channel (kind whatsapp): its face.
export { createWhatsAppModule, whatsappKind, type WhatsAppModule, type WhatsAppModuleOptions } from './module.ts';
export { whatsappSecrets, whatsappCapabilities } from './profile.ts';
export { whatsappInteractions } from './flow-render.ts';
