// The Instagram Direct channel (kind instagram, Instagram API with Instagram Login): its face.
export { createInstagramModule, instagramKind, tokenRefreshQueue, type InstagramModule, type InstagramModuleOptions } from './module.ts';
export { instagramSecrets, instagramCapabilities } from './profile.ts';
export { instagramInteractions } from './flow-render.ts';
