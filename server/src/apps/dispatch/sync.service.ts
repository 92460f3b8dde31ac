import type { Logger } from '../../platform/index.ts';
import { fieldText, phoneOf, type AmocrmClient, type AmocrmLead } from './amocrm-client.ts';
import type { DispatchSettings } from './dispatch.settings.ts';
import type { JobService } from './jobs.service.ts';
import type { ContactEventJob, LeadEventJob } from './webhook.ts';

export const writeBackQueue = 'dispatch-writeback';

/** Whether a deal in this pipeline and status needs a measurement; null: settings name no pipeline (seed 003: every new deal). */
function qualifies(settings: DispatchSettings, lead: Pick<AmocrmLead, 'pipeline_id' | 'status_id'>): boolean | null {
  if (settings.pipeline_id === null) return null;
  return lead.pipeline_id === settings.pipeline_id && (settings.status_ids.length === 0 || settings.status_ids.includes(lead.status_id));
}

/**
 * A queued lead event → the job. The deal is read fresh from AmoCRM (webhooks may arrive late, twice or
 * out of order), so whatever order the events run in, the job ends as the deal stands.
 */
export function createSyncService(options: {
  client: () => Promise<AmocrmClient | null>;
  jobs: JobService;
  settings: () => Promise<DispatchSettings>;
  logger: Logger;
}) {
  const { jobs, logger } = options;

  async function readFacts(client: AmocrmClient, lead: AmocrmLead, settings: DispatchSettings) {
    const notes: string[] = [];
    const contacts = lead._embedded?.contacts ?? [];
    const main = contacts.find((each) => each.is_main) ?? contacts[0];
    const contact = main ? await client.getContact(main.id) : null;
    if (!contact)
      notes.push(main ? `AmoCRM no longer has contact ${main.id} of deal ${lead.id}.` : `Deal ${lead.id} has no contact in AmoCRM.`);
    const phone = contact ? phoneOf(contact) : null;
    if (contact && !phone) notes.push(`The contact "${contact.name}" has no phone in AmoCRM.`);
    const address = settings.address_field_id === null ? null : fieldText(lead.custom_fields_values, settings.address_field_id);
    if (settings.address_field_id === null) notes.push('No address field is chosen in the dispatch settings.');
    else if (!address) notes.push(`Deal ${lead.id} has no address in field ${settings.address_field_id}.`);
    for (const note of notes) logger.info({ lead_id: lead.id }, note);
    return {
      facts: {
        leadId: lead.id,
        leadName: lead.name || null,
        clientName: contact?.name || null,
        clientPhone: phone,
        address,
        pipelineId: lead.pipeline_id,
        statusId: lead.status_id,
        responsibleUserId: lead.responsible_user_id || null,
        contactId: contact?.id ?? null,
      },
      notes,
    };
  }

  return {
    async handleLeadEvent(event: LeadEventJob): Promise<void> {
      if (event.kind === 'delete') {
        await jobs.cancelForLead(event.leadId, `Deal ${event.leadId} was deleted in AmoCRM.`);
        return;
      }
      const client = await options.client();
      // Thrown, so pg-boss keeps the event and tries again once AmoCRM is configured.
      if (!client) throw new Error('AmoCRM is not configured (AMOCRM_SUBDOMAIN or AMOCRM_BASE_URL); the event waits in the queue.');
      const settings = await options.settings();
      const lead = await client.getLead(event.leadId);
      if (!lead) {
        logger.warn({ lead_id: event.leadId }, 'AmoCRM no longer has this deal (204/404); nothing to do');
        await jobs.note(event.leadId, `AmoCRM no longer has deal ${event.leadId} (webhook "${event.kind}").`);
        return;
      }
      const decision = qualifies(settings, lead);
      const existing = decision === null && event.kind !== 'add';
      if (decision === false) {
        const cancelled = await jobs.cancelForLead(
          lead.id,
          `Deal ${lead.id} left the measurement statuses in AmoCRM (status ${lead.status_id}).`,
        );
        if (!cancelled)
          logger.debug(
            { lead_id: lead.id, pipeline_id: lead.pipeline_id, status_id: lead.status_id },
            'deal needs no measurement; ignored',
          );
        return;
      }
      const { facts, notes } = await readFacts(client, lead, settings);
      if (existing) {
        // Without a chosen pipeline only new deals make jobs (seed 003); later events refresh a job that exists.
        await jobs.refreshIfExists(facts);
        return;
      }
      const result = await jobs.upsertFromLead(facts, notes);
      logger.info({ lead_id: lead.id, job_id: result.job.id, created: result.created }, 'AmoCRM deal → measurement job');
    },

    /** A contact webhook: the contact is read fresh (events arrive late and twice) and its open jobs follow it. */
    async handleContactEvent(event: ContactEventJob): Promise<number[]> {
      const client = await options.client();
      if (!client) throw new Error('AmoCRM is not configured (AMOCRM_SUBDOMAIN or AMOCRM_BASE_URL); the event waits in the queue.');
      const contact = await client.getContact(event.contactId);
      if (!contact) {
        logger.info({ contact_id: event.contactId }, 'AmoCRM no longer has this contact; its jobs keep what they had');
        return [];
      }
      const phone = phoneOf(contact);
      const changed = await jobs.followContact(contact.id, { name: contact.name || null, phone });
      for (const job of changed) {
        if (!phone) await jobs.note(Number(job.amocrm_lead_id), `The contact "${contact.name}" has no phone in AmoCRM.`);
        logger.info({ contact_id: contact.id, job_id: job.id }, 'AmoCRM contact changed → job updated');
      }
      return changed.map((job) => job.id);
    },

    /** A completed job moves its deal to the chosen status and adds a note (within the client's 7 requests a second). */
    async writeBack(jobId: number): Promise<void> {
      const job = await jobs.find(jobId);
      const settings = await options.settings();
      if (!job || job.writeback !== 'pending' || settings.completed_status_id === null) return;
      const client = await options.client();
      if (!client) throw new Error('AmoCRM is not configured; the write-back waits in the queue.');
      const leadId = Number(job.amocrm_lead_id);
      try {
        await client.moveLead(leadId, settings.completed_status_id);
        await client.addNote(
          leadId,
          `Замер #${job.id} выполнен${job.completed_at ? ` ${job.completed_at.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}.`,
        );
      } catch (error) {
        if (error instanceof Error && /refused (PATCH|POST)/.test(error.message)) {
          logger.warn({ job_id: jobId, reason: error.message }, 'AmoCRM refused the write-back');
          await jobs.setWriteBack(jobId, 'failed', error.message.slice(0, 500));
          return;
        }
        throw error;
      }
      await jobs.setWriteBack(jobId, 'done', `Deal ${leadId} moved to status ${settings.completed_status_id}, note added.`);
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
