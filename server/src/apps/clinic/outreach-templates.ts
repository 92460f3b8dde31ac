// The templates the clinic declares (settings `message_templates`) for the messages it starts: reminders, the
// arrival check, the NPS question. Each goes with its declared template as `businessStart`; an account that takes
// business-started messages only as templates outside the reply window sends the template then, and refuses the
// message with the reason when none is declared (delivery then tries the patient's next account). At start, the
// clinic logs every account that runs it and needs templates while some purpose has none declared.
import type { AppContext, BusinessStart } from '../app.ts';
import { outreachPurposes, type ClinicSettings, type OutreachPurpose } from './clinic.settings.ts';
import type { PatientLanguage } from './tables.ts';

/** The visit as tickets.describe shows it: what a template's parameters name. */
type VisitDetails = Record<'day' | 'time' | 'doctor' | 'service' | 'branch' | 'address', string>;

/** A reminder stage's purpose: the three reminders share one template. */
export const purposeOf = (stage: string): OutreachPurpose => (stage === 'arrival' || stage === 'nps' ? stage : 'reminder');

export function businessStartOf(
  settings: ClinicSettings,
  purpose: OutreachPurpose,
  language: PatientLanguage,
  visit: VisitDetails,
): BusinessStart {
  const declared = settings.message_templates[purpose];
  if (!declared) return { purpose: `clinic.${purpose}` };
  return {
    purpose: `clinic.${purpose}`,
    template: {
      name: declared.name,
      language: declared.language ?? language,
      variables: { header: [], body: declared.parameters.map((parameter) => visit[parameter]) },
    },
  };
}

/** Logs, once at start, each account running the clinic that needs templates for purposes that have none. */
export async function checkDeclaredTemplates(
  context: Pick<AppContext<object, ClinicSettings>, 'channels' | 'settings' | 'logger'>,
): Promise<Array<{ channelId: number; missing: OutreachPurpose[] }>> {
  const settings = await context.settings.read();
  const missing = outreachPurposes.filter((purpose) => !settings.message_templates[purpose]);
  if (missing.length === 0) return [];
  const needing = (await context.channels.list()).filter(
    (channel) => channel.businessInitiated === 'template' && (channel.apps === null || channel.apps.includes('clinic')),
  );
  for (const channel of needing)
    context.logger.warn(
      { channel_id: channel.id, kind: channel.kind, purposes: missing },
      `clinic: account “${channel.name}” takes messages the clinic starts only as approved templates outside the patient's reply window, and no template is declared for ${missing.join(', ')} (settings message_templates): those go there only while the window is open, else the patient's next account is tried`,
    );
  return needing.map((channel) => ({ channelId: channel.id, missing }));
}
