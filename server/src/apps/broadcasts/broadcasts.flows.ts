// Subscribing and unsubscribing in any conversation: the button under a marketing message, or the typed words.
import type { AppFlows, FlowContext } from '../app.ts';
import { botText, isSubscribeWord, isUnsubscribeWord, languageOf } from './broadcasts.messages.ts';
import type { Consents } from './consent.service.ts';
import type { BroadcastContext } from './context.ts';
import { subscribePayload, unsubscribePayload } from './render.ts';

export function createBroadcastFlows(context: BroadcastContext, consents: Consents): AppFlows {
  const db = context.ownTables;
  return {
    async handle(flow) {
      const { event } = flow;
      const unsubscribe =
        (event.type === 'choice' && event.payload === unsubscribePayload) || (event.type === 'message' && isUnsubscribeWord(event.text));
      const subscribe =
        (event.type === 'choice' && event.payload === subscribePayload) || (event.type === 'message' && isSubscribeWord(event.text));
      if (!unsubscribe && !subscribe) return false;
      if (flow.origin.chatType !== 'private') return false;
      const contactId = await context.contacts.byChat(flow.origin.channel.id, flow.origin.chatId);
      if (!contactId) return false;
      return unsubscribe ? withdraw(flow, contactId, event.type === 'choice' ? 'button' : 'word') : give(flow, contactId);
    },
  };

  async function withdraw(flow: FlowContext, contactId: number, via: 'button' | 'word'): Promise<boolean> {
    const language = languageOf(flow.origin.sender?.languageCode ?? flow.language);
    const changed = await db.transaction().execute(async (trx) => {
      const changed = await consents.set({ contactId, state: 'withdrawn', source: 'unsubscribe' }, trx);
      // Counted in the stats of the broadcasts that reached them, by how they did it (button or words).
      if (changed)
        await trx
          .updateTable('broadcast_recipients')
          .set({ unsubscribed_at: new Date(), unsubscribed_via: via })
          .where('contact_id', '=', contactId)
          .where('state', '=', 'sent')
          .where('unsubscribed_at', 'is', null)
          .execute();
      return changed;
    });
    flow.reply({ type: 'text', text: botText(language, changed ? 'unsubscribed' : 'alreadyUnsubscribed') });
    return true;
  }

  async function give(flow: FlowContext, contactId: number): Promise<boolean> {
    const language = languageOf(flow.origin.sender?.languageCode ?? flow.language);
    await consents.set({ contactId, state: 'given', source: 'flow' });
    flow.reply({ type: 'text', text: botText(language, 'subscribed') });
    return true;
  }
}
