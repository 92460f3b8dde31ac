export { loadConfig, ConfigError, type Config } from './config.ts';
export { createLogger, maskSecrets, registerSecret, type Logger, type SecretPattern } from './logger.ts';
export { createSecretBox, createRandomToken, hashToken, equalsInConstantTime, maskSecret, type SecretBox } from './crypto.ts';
export { lockDataDir, readOrCreateAppSecret, DataDirLockedError } from './data-dir.ts';
export { openDatabase, tablesOf, type Database, type DatabaseEngine } from './db/database.ts';
export { withUrgentConnection } from './db/pglite-dialect.ts';
export { applyMigrations, type MigrationSource } from './db/migrate.ts';
export { platformTables, type Db, type PlatformTables, type SwitchboardTables } from './db/tables.ts';
export { readSetting, writeSetting, deleteSetting } from './settings.ts';
export {
  readBusinessDetails,
  writeBusinessDetails,
  businessDetailsSaved,
  documentHeader,
  registerBusinessRoutes,
  type BusinessDetails,
} from './business.ts';
export { startJobs, type Jobs, type QueueDefinition } from './jobs.ts';
export { createHttpApp, type HttpApp } from './http/app.ts';
export {
  cleanFileName,
  describeBytes,
  readUploadForm,
  readUploadFormToDisk,
  requireMultipart,
  sniffUpload,
  withMultipart,
  type DiskUpload,
  type UploadFormRules,
} from './http/upload-form.ts';
export { encodeCursor, decodeCursor, pageOf, useCursorSecret } from './http/cursor.ts';
export { neutralizeBidi } from './display-text.ts';
export {
  idParam,
  bigIdParam,
  idField,
  bigIdField,
  text,
  safeLink,
  safeLinkSchemes,
  moneyMinor,
  moneyMajor,
  cursorParam,
  pageQueryFields,
  maxIntegerId,
  maxBigintId,
  maxMoneyMinor,
} from './http/schema.ts';
export { HttpError, badRequest, unauthorized, forbidden, notFound, conflict, unprocessable, type ErrorCode } from './http/errors.ts';
export { createAuth, coreRoles, type Auth, type StaffUser, type Authenticated } from './auth/auth.service.ts';
export {
  registerAccessControl,
  registerPrincipalResolver,
  currentUser,
  currentPrincipal,
  resolveCaller,
  optionalStaffCaller,
  rejectForeignOrigin,
  type Access,
  type Principal,
  type PrincipalResolver,
} from './auth/auth.plugin.ts';
export { hashPassword, verifyPassword, burnPasswordCheck } from './auth/passwords.ts';
export { createLoginBackoff, type LoginBackoff } from './auth/attempt-limiter.ts';
export { registerAuthRoutes } from './auth/auth.routes.ts';
export { registerInviteRoutes } from './auth/invites.ts';
export { createHeartbeats, type Heartbeats } from './health/heartbeats.ts';
export { registerHealthRoutes, createMetricsRegistry, type ChannelHealth, type IntakeReport } from './health/health.routes.ts';
export { checkAppSecretFingerprint, WrongAppSecretError } from './secret-check.ts';
export { registerInstance, isLiveInstance, instanceDeadAfterSeconds } from './instance.ts';
export { withClusterLock, createWakeupSignal, servesPeople, doesWork, type InstanceRole, type WakeupSignal } from './cluster.ts';
export { createRealtimeHub, type RealtimeHub, type RealtimeEvent, type RealtimeSubscriber, type AudienceFilter } from './realtime/hub.ts';
export { createAppSettings, secretMask, type AppSettingsStore } from './app-settings.ts';
export { createAppFiles, type AppFiles } from './app-files.ts';
export { createLifecycle, type Lifecycle } from './lifecycle.ts';
