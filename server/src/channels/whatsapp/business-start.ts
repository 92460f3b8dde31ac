// Messages a business starts (reminders, notifications, surveys: OutboundMessage.businessStart) on WhatsApp.
// Inside the customer's 24-hour window they go as written; outside it only an approved template may go, so they
// go as the template the app declared for them. An app that declared none, or one Meta does not take (not
// approved, other variable counts), is refused before anything is sent, with the reason: `replyStatus` tells the
// cascade (which records the step as refused and tries the next messenger), `prepare` throws it to the outbox.
import { ChannelError, type BusinessStart, type OutboundMessage, type ReplyStatus, type TemplateSend } from '../channel.ts';
import type { MessagingLimits } from './messaging-limit.ts';
import type { ServiceWindows } from './service-window.ts';
import type { TemplateStore } from './templates.ts';

type Refusal = Extract<ReplyStatus, { canReply: false }>;

export function createBusinessStarts(deps: {
  windows: ServiceWindows;
  templates: Pick<TemplateStore, 'find'>;
  limits: Pick<MessagingLimits, 'refusal'>;
}) {
  /** Why Meta would not take this template from the number, as far as the last sync knows; null: it would. */
  async function templateRefusal(channelId: number, template: TemplateSend): Promise<Refusal | null> {
    const found = await deps.templates.find(channelId, template.name, template.language);
    // Not synced yet (approved since the last sync): Meta decides, and answers 132001 if it does not know it.
    if (!found) return null;
    const named = `The template “${template.name}” (${template.language})`;
    if (found.status !== 'APPROVED')
      return {
        canReply: false,
        code: 'template_not_approved',
        reason: `${named} is ${found.status} at Meta; only APPROVED ones can be sent.`,
      };
    const { header, body } = found.variables;
    if (header !== template.variables.header.length || body !== template.variables.body.length)
      return {
        canReply: false,
        code: 'template_variables',
        reason: `${named} takes ${header} header and ${body} body values; ${template.variables.header.length} and ${template.variables.body.length} were given.`,
      };
    return null;
  }

  function notDeclared(status: Refusal, start: BusinessStart): Refusal {
    return {
      canReply: false,
      code: 'template_not_declared',
      reason: `${status.reason} No template is declared for “${start.purpose}”, so it cannot go on WhatsApp now: declare an approved one for it in the app's settings.`,
    };
  }

  async function statusFor(channelId: number, waId: string, message?: Pick<OutboundMessage, 'template' | 'businessStart'>) {
    const status = await deps.windows.replyStatus(channelId, waId);
    if (status.canReply || !message) return status;
    const template = message.template ?? message.businessStart?.template;
    if (template)
      return (await templateRefusal(channelId, template)) ?? (await deps.limits.refusal(channelId, waId)) ?? ({ canReply: true } as const);
    return message.businessStart ? notDeclared(status, message.businessStart) : status;
  }

  return {
    statusFor,

    /**
     * The message to send now: as written inside the window, its declared template outside it; refused otherwise.
     * `startsConversation`: a template outside the window, which counts against the number's messaging limit.
     */
    async prepare(channelId: number, message: OutboundMessage): Promise<{ message: OutboundMessage; startsConversation: boolean }> {
      const start = message.businessStart;
      if (!start && !message.template) return { message, startsConversation: false };
      const status = await deps.windows.replyStatus(channelId, message.chatId);
      if (status.canReply) return { message, startsConversation: false };
      if (message.template || !start) return { message, startsConversation: true };
      if (!start.template) throw new ChannelError('INVALID_INPUT', notDeclared(status, start).reason);
      const refused = await templateRefusal(channelId, start.template);
      if (refused) throw new ChannelError('INVALID_INPUT', refused.reason);
      // The message's answer buttons become the template's quick replies, as many as it has, in order.
      const found = await deps.templates.find(channelId, start.template.name, start.template.language);
      const payloads = (message.choices ?? []).flat().map((choice) => choice.payload);
      const buttons = payloads.slice(0, found?.quickReplies ?? 0);
      return { message: { ...message, template: { ...start.template, ...(buttons.length ? { buttons } : {}) } }, startsConversation: true };
    },
  };
}
