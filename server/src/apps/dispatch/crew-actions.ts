import type { FlowReply } from '../app.ts';
import type { CrewMember, CrewService } from './crew.service.ts';
import { roleName, statusName, text, type CrewLanguage } from './dispatch.messages.ts';
import type { DispatchContext } from './context.ts';
import { formatLocal } from './dispatch-time.ts';
import { historyPayload } from './extras.flows.ts';
import { extraText } from './extras.messages.ts';
import { listJobs } from './jobs.query.ts';
import type { ActOutcome, Action } from './jobs.service.ts';
import type { Lifecycle } from './lifecycle.ts';
import { jobCard, measurerChoices, payloads, type JobRow } from './notifier.ts';

const listLimit = 20;
const pendingCards = 10;

/** What crew members' commands list and their buttons do. */
export function createCrewActions(options: { crew: CrewService; lifecycle: Lifecycle; context: DispatchContext }) {
  const { crew, lifecycle } = options;
  const db = options.context.ownTables;

  async function namesOf(jobs: JobRow[]): Promise<Map<number, string>> {
    const ids = [...new Set(jobs.flatMap((job) => (job.measurer_id === null ? [] : [job.measurer_id])))];
    return new Map((await crew.findMany(ids)).map((member) => [member.id, member.name]));
  }

  function line(language: CrewLanguage, job: JobRow, names: Map<number, string>): string {
    const measurer = job.measurer_id === null ? '' : ` — ${names.get(job.measurer_id) ?? '?'}`;
    return `#${job.id} ${statusName(language, job.status)}: ${job.client_name ?? text(language, 'unknownValue')}, ${job.address ?? text(language, 'unknownValue')}${measurer}`;
  }

  async function lines(language: CrewLanguage, title: 'allTitle' | 'ordersTitle', jobs: JobRow[]): Promise<FlowReply[]> {
    const names = await namesOf(jobs);
    return [{ type: 'text', text: [text(language, title), ...jobs.map((job) => line(language, job, names))].join('\n') }];
  }

  function measurerButtons(language: CrewLanguage, job: JobRow): FlowReply {
    const rows = [
      job.status === 'assigned'
        ? [{ title: text(language, 'buttonStart'), payload: payloads.start(job.id) }]
        : [{ title: text(language, 'buttonComplete'), payload: payloads.complete(job.id) }],
      [{ title: extraText(language, 'buttonHistory'), payload: historyPayload(job.id) }],
    ];
    return { type: 'choices', text: jobCard(language, job), rows };
  }

  async function answer(
    outcome: ActOutcome,
    language: CrewLanguage,
    ok: (job: JobRow) => FlowReply[] | Promise<FlowReply[]>,
  ): Promise<FlowReply[]> {
    if (outcome.ok) return ok(outcome.job);
    const say = (key: Parameters<typeof text>[1], values: Record<string, string | number> = {}): FlowReply[] => [
      { type: 'text', text: text(language, key, values) },
    ];
    switch (outcome.reason) {
      case 'not_found':
        return say('noJob');
      case 'no_measurer':
        return say('noMeasurer');
      case 'not_yours':
        return say('notYours');
      case 'visit_conflict': {
        const { time_zone } = await options.context.settings.read();
        const when = outcome.other.planned_at ? formatLocal(outcome.other.planned_at, time_zone) : '?';
        return [{ type: 'text', text: extraText(language, 'visitConflict', { other: outcome.other.id, when }) }];
      }
      case 'already_assigned': {
        const measurer = outcome.job.measurer_id === null ? undefined : await crew.find(outcome.job.measurer_id);
        return say('alreadyAssigned', { measurer: measurer?.name ?? '?' });
      }
      default:
        return say('illegal', { id: outcome.job.id, status: statusName(language, outcome.job.status) });
    }
  }

  return {
    async list(command: string, member: CrewMember, language: CrewLanguage): Promise<FlowReply[]> {
      if (command === 'pending') {
        const jobs = await listJobs(db, { status: ['pending'], limit: pendingCards });
        if (jobs.length === 0) return [{ type: 'text', text: text(language, 'emptyPending') }];
        const measurers = await crew.withRole('measurer');
        return jobs.map((job) => ({ type: 'choices', text: jobCard(language, job), rows: measurerChoices(language, job.id, measurers) }));
      }
      if (command === 'all') {
        const jobs = await listJobs(db, { limit: listLimit });
        return jobs.length === 0 ? [{ type: 'text', text: text(language, 'emptyAll') }] : lines(language, 'allTitle', jobs);
      }
      if (command === 'measurers') {
        const [measurers, counts] = await Promise.all([crew.withRole('measurer'), crew.openJobCounts()]);
        if (measurers.length === 0) return [{ type: 'text', text: text(language, 'emptyMeasurers') }];
        const rows = measurers.map((each) => `${each.name}${each.username ? ` (@${each.username})` : ''}: ${counts.get(each.id) ?? 0}`);
        return [{ type: 'text', text: [text(language, 'measurersTitle'), ...rows].join('\n') }];
      }
      if (command === 'my') {
        const jobs = await listJobs(db, { status: ['assigned', 'in_progress'], measurerId: member.id, limit: listLimit });
        return jobs.length === 0 ? [{ type: 'text', text: text(language, 'emptyMy') }] : jobs.map((job) => measurerButtons(language, job));
      }
      // orders: a manager's deals, matched by the AmoCRM user id an admin set on them.
      const jobs =
        member.amocrm_user_id === null ? [] : await listJobs(db, { responsibleUserId: Number(member.amocrm_user_id), limit: listLimit });
      return jobs.length === 0 ? [{ type: 'text', text: text(language, 'emptyOrders') }] : lines(language, 'ordersTitle', jobs);
    },

    /** A `dsp:<action>:<job>[:<measurer>]` button. */
    async press(payload: string, member: CrewMember, language: CrewLanguage): Promise<FlowReply[]> {
      const [, verb, jobText, measurerText] = payload.split(':');
      const jobId = Number(jobText);
      if (!Number.isSafeInteger(jobId)) return [{ type: 'text', text: text(language, 'noJob') }];
      const actor = { kind: 'crew' as const, id: member.id };
      const adminOnly: Record<string, Action> = { assign: 'assign', move: 'reassign', cancel: 'cancel' };
      const measurerOnly: Record<string, Action> = { start: 'start', done: 'complete' };
      if (verb === 'reassign') {
        if (member.role !== 'admin') return [{ type: 'text', text: text(language, 'wrongRole', { role: roleName(language, 'admin') }) }];
        const measurers = await crew.withRole('measurer');
        const rows = measurers.map((each) => [{ title: each.name, payload: `dsp:move:${jobId}:${each.id}` }]);
        return [{ type: 'choices', text: text(language, 'chooseMeasurer', { id: jobId }), rows }];
      }
      const action = adminOnly[verb ?? ''] ?? measurerOnly[verb ?? ''];
      if (!action) return [{ type: 'text', text: text(language, 'noJob') }];
      const role = adminOnly[verb ?? ''] ? 'admin' : 'measurer';
      if (member.role !== role) return [{ type: 'text', text: text(language, 'wrongRole', { role: roleName(language, role) }) }];
      const outcome = await lifecycle.act(jobId, action, actor, measurerText === undefined ? undefined : Number(measurerText));
      return answer(outcome, language, async (job): Promise<FlowReply[]> => {
        if (action === 'start') return [measurerButtons(language, job)];
        if (action === 'complete') return [{ type: 'text', text: text(language, 'completedOk', { id: job.id }) }];
        if (action === 'cancel') return [{ type: 'text', text: text(language, 'cancelledOk', { id: job.id }) }];
        return [
          {
            type: 'choices',
            text: text(language, 'assignedOk', { id: job.id, measurer: (await crew.find(job.measurer_id!))?.name ?? '?' }),
            rows: [[{ title: text(language, 'buttonReassign'), payload: payloads.reassign(job.id) }]],
          },
        ];
      });
    },
  };
}
