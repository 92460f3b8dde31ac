// The feature's public entry: what other features may use. Everything else in the folder is private
// (eslint.config.js, the web block's feature-boundaries rule).
export { useEnabledApps } from '../../lib/use-enabled-apps.ts';
