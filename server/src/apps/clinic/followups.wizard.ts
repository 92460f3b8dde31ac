// Short wizards after a button: the reason for a cancellation, and the comment after an NPS score.
import { defineWizard, type FlowReply } from '../app.ts';
import type { Appointments } from './appointments.ts';
import type { PatientLanguage } from './tables.ts';
import { text } from './texts.ts';

interface CancelData {
  language: PatientLanguage;
  appointmentId: number;
}
interface CommentData {
  language: PatientLanguage;
  appointmentId: number;
  low: boolean;
}

const skipRow = (language: PatientLanguage) => [[{ title: text(language, 'skip'), payload: 'skip' }]];

export function createFollowUpWizards(deps: {
  appointments: Appointments;
  saveComment(appointmentId: number, comment: string): Promise<void>;
}) {
  const cancel = defineWizard<CancelData>({
    name: 'cancel',
    timeoutMs: 15 * 60_000,
    firstStep: 'reason',
    steps: {
      reason: {
        prompt: ({ data }) => [{ type: 'choices', text: text(data.language, 'askCancelReason'), rows: skipRow(data.language) }],
        answer: async ({ event, data }) => {
          const reason = event.type === 'message' ? event.text.trim().slice(0, 500) : null;
          if (!reason && !(event.type === 'choice' && event.payload === 'skip'))
            return { stay: [{ type: 'text', text: text(data.language, 'useButtons') }] };
          await deps.appointments.cancel(data.appointmentId, reason);
          return { finish: [{ type: 'text', text: text(data.language, 'cancelled') }] };
        },
      },
    },
  });

  const comment = defineWizard<CommentData>({
    name: 'nps_comment',
    timeoutMs: 30 * 60_000,
    firstStep: 'comment',
    steps: {
      comment: {
        prompt: ({ data }) => [{ type: 'choices', text: text(data.language, 'npsComment'), rows: skipRow(data.language) }],
        answer: async ({ event, data }) => {
          const written = event.type === 'message' ? event.text.trim().slice(0, 2000) : null;
          if (!written && !(event.type === 'choice' && event.payload === 'skip'))
            return { stay: [{ type: 'text', text: text(data.language, 'useButtons') }] };
          if (written) await deps.saveComment(data.appointmentId, written);
          const replies: FlowReply[] = [{ type: 'text', text: text(data.language, data.low ? 'npsLow' : 'npsThanks') }];
          return { finish: replies };
        },
      },
    },
  });

  return [cancel, comment];
}
