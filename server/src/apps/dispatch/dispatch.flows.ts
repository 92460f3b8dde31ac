import type { AppFlows, FlowContext, FlowReply } from '../app.ts';
import type { CrewMember, CrewService } from './crew.service.ts';
import { isInvitePayload } from './crew.service.ts';
import { crewLanguageOf, roleName, text, type CrewLanguage } from './dispatch.messages.ts';
import type { DispatchContext } from './context.ts';
import { createCrewActions } from './crew-actions.ts';
import type { Lifecycle } from './lifecycle.ts';
import { extraCommands, type ExtraActions } from './extras.flows.ts';
import { filesWizard } from './job-files.ts';
import type { CrewRole } from './tables.ts';

const isExtraCommand = (command: string) => (extraCommands as readonly string[]).includes(command);

const roleCommands: Record<string, CrewRole> = { pending: 'admin', all: 'admin', measurers: 'admin', my: 'measurer', orders: 'manager' };
const menuItems: Record<
  CrewRole,
  Array<{ command: string; key: 'menuPending' | 'menuAll' | 'menuMeasurers' | 'menuMy' | 'menuOrders' }>
> = {
  admin: [
    { command: 'pending', key: 'menuPending' },
    { command: 'all', key: 'menuAll' },
    { command: 'measurers', key: 'menuMeasurers' },
  ],
  measurer: [{ command: 'my', key: 'menuMy' }],
  manager: [{ command: 'orders', key: 'menuOrders' }],
};

/**
 * Seed 003's bot: `/start <invite>` joins the crew; /start, /menu, /pending, /all, /measurers, /my and
 * /orders answer crew members by role; `dsp:…` button presses assign, start, complete and cancel jobs.
 * Other people's messages pass on (to the inbox's operators and the welcome).
 */
export function createDispatchFlows(options: {
  crew: CrewService;
  lifecycle: Lifecycle;
  context: DispatchContext;
  extraActions: ExtraActions;
}): AppFlows {
  const { crew, extraActions } = options;
  const actions = createCrewActions(options);

  function menu(member: CrewMember, language: CrewLanguage): FlowReply {
    return {
      type: 'choices',
      text: text(language, 'menu', { role: roleName(language, member.role), name: member.name }),
      rows: menuItems[member.role].map((item) => [{ title: text(language, item.key), payload: `dsp:cmd:${item.command}` }]),
    };
  }

  async function runCommand(flow: FlowContext, member: CrewMember, language: CrewLanguage, command: string): Promise<void> {
    if (command === 'start' || command === 'menu') return flow.reply(menu(member, language));
    const role = roleCommands[command]!;
    if (member.role !== role) return flow.reply({ type: 'text', text: text(language, 'wrongRole', { role: roleName(language, role) }) });
    flow.reply(...(await actions.list(command, member, language)));
  }

  async function join(flow: FlowContext, token: string, language: CrewLanguage): Promise<boolean> {
    const { origin } = flow;
    if (origin.chatType !== 'private' || !origin.sender) return false;
    const name =
      [origin.sender.firstName, origin.sender.lastName].filter(Boolean).join(' ') || origin.sender.username || origin.sender.externalId;
    const result = await crew.join(token, {
      channelId: origin.channel.id,
      telegramUserId: origin.sender.externalId,
      chatId: origin.chatId,
      name,
      username: origin.sender.username ?? null,
      language,
    });
    if (result.outcome === 'joined') {
      flow.reply(
        { type: 'text', text: text(language, 'joined', { role: roleName(language, result.member.role) }) },
        menu(result.member, language),
      );
    } else if (result.outcome === 'other_bot') {
      const channel = await options.context.channels.get(result.channelId);
      flow.reply({
        type: 'text',
        text: text(language, 'inviteOtherBot', { bot: channel?.username ? `@${channel.username}` : (channel?.name ?? '?') }),
      });
    } else {
      const key = result.outcome === 'used' ? 'inviteUsed' : result.outcome === 'expired' ? 'inviteExpired' : 'inviteUnknown';
      flow.reply({ type: 'text', text: text(language, key) });
    }
    return true;
  }

  return {
    async handle(flow) {
      const { event, origin } = flow;
      if (!origin.sender) return false;
      const isCommand =
        event.type === 'command' &&
        (event.command in roleCommands || event.command === 'start' || event.command === 'menu' || isExtraCommand(event.command));
      const isOurs = event.type === 'choice' && event.payload.startsWith('dsp:');
      if (!isCommand && !isOurs) return false;
      const language = crewLanguageOf(origin.sender.languageCode);
      if (event.type === 'command' && event.command === 'start' && isInvitePayload(event.args)) return join(flow, event.args, language);
      // Other deep-link payloads belong to other apps.
      if (event.type === 'command' && event.command === 'start' && event.args.trim() !== '') return false;
      const member = await crew.member(origin.channel.id, origin.sender.externalId);
      if (!member) {
        // /start and /menu of someone outside the crew belong to the welcome and other apps.
        if (event.type === 'command' && (event.command === 'start' || event.command === 'menu')) return false;
        flow.reply({ type: 'text', text: text(language, 'notCrew') });
        return true;
      }
      const memberLanguage = crewLanguageOf(member.language);
      if (event.type === 'command' && isExtraCommand(event.command))
        flow.reply(
          ...(await extraActions.command(member, memberLanguage, event.command, event.args, (data) => flow.startWizard(filesWizard, data))),
        );
      else if (event.type === 'command') await runCommand(flow, member, memberLanguage, event.command);
      else if (event.type === 'choice' && event.payload.startsWith('dsp:hist:'))
        flow.reply(...(await extraActions.history(member, memberLanguage, Number(event.payload.slice('dsp:hist:'.length)))));
      else if (event.type === 'choice' && event.payload.startsWith('dsp:cmd:')) {
        const command = event.payload.slice('dsp:cmd:'.length);
        if (command in roleCommands) await runCommand(flow, member, memberLanguage, command);
      } else if (event.type === 'choice') flow.reply(...(await actions.press(event.payload, member, memberLanguage)));
      return true;
    },
  };
}
