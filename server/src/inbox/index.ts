import type { ChannelRecord, InboundEvent } from '../channels/channel.ts';
import type { Delivery, RowOutcome } from '../delivery/index.ts';
import type { Db, Auth, HttpApp, RealtimeHub } from '../platform/index.ts';
import { autoAssign } from './assignment.service.ts';
import { registerTeamRoutes } from './operators.routes.ts';
import { registerContactRoutes } from './contacts.routes.ts';
import { registerContactLinkRoutes } from './contact-links.routes.ts';
import { registerSearchRoutes } from './search.routes.ts';
import { registerWorkflowRoutes, type ChatActions } from './workflow.routes.ts';
import type { RecordHooks } from './record.service.ts';
import { registerChatRoutes } from './chats.routes.ts';
import { createConversationStatus } from './conversation-status.ts';
import { registerReportRoutes } from './reports.routes.ts';
import { registerViewRoutes } from './views.routes.ts';
import { registerAttributeRoutes } from './attributes.routes.ts';
import { registerCannedResponseRoutes } from './canned-responses.routes.ts';
import { registerBulkActionRoutes } from './bulk-actions.ts';
import { createMacros } from './macros.ts';
import { registerMentionRoutes } from './mentions.ts';
import { registerNotificationSettingsRoutes } from './notification-settings.routes.ts';
import { registerReplyStatusRoutes } from './reply-status.routes.ts';
import { deleteEventsOlderThan, loadEvents, recordEvents } from './events.ts';
import { recordInbound } from './record.service.ts';
import { registerRealtimeRoutes } from './realtime.routes.ts';
import { registerSendRoutes } from './send.routes.ts';
import { createSender, type ChannelRulesLookup } from './send.service.ts';
import { applyDeliveryOutcomes } from './delivery-outcomes.ts';
import { createMessageEdits, type MessageOpsLookup } from './message-edits.ts';
import { createMessageReactions } from './message-reactions.ts';
import { inboxTables } from './tables.ts';
import { createBusinessHours } from './business-hours.ts';
import { registerBusinessHoursRoutes } from './business-hours.routes.ts';
import { withSla } from './sla.ts';
import { createVisibility } from './visibility.ts';
import { registerTeamsRoutes } from './teams.routes.ts';
import { createCsat } from './csat.ts';
import type { Media } from './media/index.ts';

export { createIntake, type Intake } from './intake/intake.service.ts';
export { deleteProcessedOlderThan } from './intake/journal.ts';
export { createSignallingSink, listenForJournaledChats } from './intake/intake-wakeup.ts';
export { createIntakeReport } from './intake/health.ts';
export { registerIntakeRoutes } from './intake/intake.routes.ts';
export { createVisibility, type Visibility } from './visibility.ts';
export { loadEvents, recordEvents, type EventDraft } from './events.ts';
export type { InboxTables } from './tables.ts';
export { createMedia, type Media } from './media/index.ts';

/** The inbox's face: routes, the realtime audience rule, and recording what bots send. */
export function createInbox(options: {
  db: Db;
  hub: RealtimeHub;
  actions: ChatActions;
  delivery: Pick<Delivery, 'enqueue' | 'wake' | 'retry' | 'findByMessage'>;
  media?: Media;
  /** Each kind's limits and name, from its channel module. */
  channelRules: ChannelRulesLookup;
  /** The clock snoozes end by (tests drive their own). */
  now?: () => Date;
  /** Messenger families whose identities are phone numbers (merge suggestions compare them with phones). */
  phoneMessengers?: readonly string[];
  /** What each channel can do to a sent message (edit, delete); absent: nothing. */
  messageOps?: MessageOpsLookup;
}) {
  const { hub } = options;
  const db = inboxTables(options.db);
  const visibility = createVisibility(db);
  const sender = createSender({
    db,
    hub,
    visibility,
    delivery: options.delivery,
    media: options.media?.outgoing,
    channelRules: options.channelRules,
    replyStatus: options.actions.replyStatus,
  });
  const messageEdits = createMessageEdits({
    db,
    hub,
    visibility,
    channelRules: options.channelRules,
    messageOps: options.messageOps ?? (async () => null),
  });
  const now = options.now ?? (() => new Date());
  const status = createConversationStatus({ db, hub, visibility, now });
  const businessHours = createBusinessHours({ db, delivery: options.delivery, now });
  const messageReactions = createMessageReactions({ db, hub, visibility });
  const csat = createCsat({ db, hub, visibility, now });
  const macros = createMacros({ db, hub, visibility, sender, status, channelRules: options.channelRules });
  hub.setAudienceFilter((user, audience) => {
    if (audience.userId !== undefined) return audience.userId === user.id;
    return (
      audience.conversationId === undefined ||
      visibility.canSee(user, { assignedOperatorId: audience.assignedOperatorId, teamId: audience.teamId ?? null })
    );
  });
  return {
    /** `messengers`: the messenger families this server knows (paths and filters name them). */
    registerRoutes(app: HttpApp, team: { auth: Auth; roles: readonly string[]; messengers: readonly string[] }): void {
      registerTeamRoutes(app, { db, hub, visibility, auth: team.auth, roles: team.roles });
      registerTeamsRoutes(app, { db, visibility });
      registerChatRoutes(app, {
        db,
        hub,
        visibility,
        messengers: team.messengers,
        withSla: (chats) => withSla(businessHours, chats, now()),
      });
      registerBusinessHoursRoutes(app, { hours: businessHours, now });
      registerContactRoutes(app, { db, visibility });
      registerContactLinkRoutes(app, { db, visibility, sender, phoneMessengers: options.phoneMessengers ?? [] });
      registerWorkflowRoutes(app, { db, hub, visibility, actions: options.actions, status });
      status.registerRoutes(app);
      registerViewRoutes(app, { db });
      registerAttributeRoutes(app, { db, hub, visibility });
      registerCannedResponseRoutes(app, { db, visibility });
      macros.registerRoutes(app);
      registerBulkActionRoutes(app, macros);
      registerMentionRoutes(app, { db, visibility });
      registerNotificationSettingsRoutes(app, { db });
      registerReplyStatusRoutes(app, { db, visibility, actions: options.actions });
      registerSearchRoutes(app, { db, visibility });
      registerReportRoutes(app, { db, now: status.now, withSla: (rows, at) => withSla(businessHours, rows, at) });
      csat.registerRoutes(app);
      registerRealtimeRoutes(app, { db, hub, visibility });
      registerSendRoutes(app, sender, team.messengers);
      messageEdits.registerRoutes(app);
      messageReactions.registerRoutes(app);
      options.media?.registerRoutes(app, { visibility });
    },
    sender,
    visibility,
    /** Operators' reactions; main.ts hands over each channel's op (`reactions.useOps`). */
    reactions: messageReactions,
    /** Satisfaction questions after resolutions: main.ts hands in the flow sender and asks on `conversation.resolved`. */
    csat,
    /** Status changes, and the snoozes' wake-up (`wakeDue`, run by the `inbox-snooze-wake` job). */
    status,
    /** The inbox's jobs (main.ts starts them with the rest). */
    queues: status.queues,
    /** Hooks the intake runs while recording: auto-assignment of new conversations, files to fetch. */
    recordHooks: {
      // Runs inside the intake's transaction: a query on the outer handle here would deadlock PGlite.
      onNewConversation: async (trx, conversationId) => (visibility.cachedPolicy().auto_assign ? autoAssign(trx, conversationId) : []),
      onMessageRecorded: async (trx, message) => {
        await businessHours.sendAwayMessage(trx, message);
        return options.media ? options.media.recordAttachments(trx, message) : message;
      },
    } satisfies RecordHooks,
    /** Delivery reports its outbox rows' fates here, a batch at a time, inside its transaction. */
    applyDeliveryOutcomes: (trx: Db, outcomes: RowOutcome[]) => applyDeliveryOutcomes(trx, outcomes, hub),
    /** Records messages our bot sent from a flow (outgoing, sender "bot"), and its edits of them, and pushes them to operators. */
    async recordBotMessages(channel: ChannelRecord, events: InboundEvent[]): Promise<void> {
      const published = await db.transaction().execute(async (trx) => {
        const drafts = [];
        for (const event of events) {
          if (event.type !== 'message' && event.type !== 'edit') continue;
          drafts.push(
            ...(await recordInbound(
              trx,
              channel,
              { ...event, message: { ...event.message, fromSelf: true } },
              { onMessageRecorded: options.media?.recordAttachments },
            )),
          );
        }
        return recordEvents(trx, drafts);
      });
      hub.publish(published);
    },
    loadEvents: (seqs: number[]) => loadEvents(options.db, seqs),
    deleteEventsOlderThan: (hours: number) => deleteEventsOlderThan(db, hours),
  };
}

export type Inbox = ReturnType<typeof createInbox>;
