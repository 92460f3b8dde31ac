// The bot's "Payment" menu (seed 004): the balance, open invoices and paying one — inside the messenger
// where the channel has the `payments` extra and a bot payments token is set, else by the provider's
// link, with a "check payment" button for when the patient comes back before the provider's callback.
import type { FlowCheckout, FlowCheckoutAnswer, FlowContext, FlowEvent, FlowReply } from '../app.ts';
import type { Patients } from './patients.ts';
import type { PaymentsConfig } from './payments-config.ts';
import { invoiceIdOfPayload, invoicePayload, PaymentRefused, tenge, type Payments } from './payments.ts';
import type { PatientLanguage } from './tables.ts';
import { text } from './texts.ts';

type Patient = NonNullable<Awaited<ReturnType<Patients['byChat']>>>;

export function createPaymentFlows(deps: { payments: Payments; config: PaymentsConfig; patients: Patients }) {
  const { payments } = deps;
  const say = (language: PatientLanguage, key: Parameters<typeof text>[1], values?: Record<string, string | number>): FlowReply => ({
    type: 'text',
    text: text(language, key, values),
  });

  async function balanceReplies(patient: Patient): Promise<FlowReply[]> {
    const language = patient.language;
    const balance = await payments.balance(patient.id);
    const open = await payments.ofPatient(patient.id, true);
    const replies: FlowReply[] = [
      say(language, 'balanceLine', {
        balance: tenge(balance.balance_minor),
        paid: tenge(balance.paid_minor),
        rendered: tenge(balance.services_rendered_minor),
        refunded: tenge(balance.refunded_minor),
      }),
    ];
    if (open.length === 0) replies.push(say(language, 'noOpenInvoices'));
    else
      replies.push({
        type: 'choices',
        text: text(language, 'openInvoices'),
        rows: open.slice(0, 10).map((invoice) => [
          {
            title: text(language, 'invoiceItem', {
              number: invoice.number,
              description: invoice.description,
              amount: tenge(invoice.amount_minor),
            }),
            payload: `pay:${invoice.id}`,
          },
        ]),
      });
    return replies;
  }

  async function ownInvoice(patient: Patient, id: number) {
    const invoice = await payments.find(id);
    return invoice && invoice.patient_id === patient.id ? invoice : undefined;
  }

  async function pay(flow: FlowContext, patient: Patient, id: number): Promise<void> {
    const language = patient.language;
    const invoice = await ownInvoice(patient, id);
    if (!invoice) return flow.reply(say(language, 'nothingHere'));
    const values = { number: invoice.number, amount: tenge(invoice.amount_minor) };
    if (invoice.status !== 'pending')
      return flow.reply(say(language, 'invoiceClosed', { ...values, status: text(language, `status_${invoice.status}`) }));
    const token = flow.hasExtra('payments') ? await deps.config.botPaymentsToken() : null;
    if (token) {
      flow.reply({
        type: 'invoice',
        invoice: {
          title: text(language, 'invoiceTitle', values),
          description: invoice.description,
          payload: invoicePayload(invoice.id),
          currency: invoice.currency,
          amount: invoice.amount_minor,
          providerToken: token,
        },
        text: text(language, 'paymentsUnavailable'),
      });
      return;
    }
    try {
      const url = await payments.linkFor(invoice.id, language);
      flow.reply({
        type: 'choices',
        text: text(language, 'payByLink', { ...values, url }),
        rows: [[{ title: text(language, 'checkPayment'), payload: `paycheck:${invoice.id}` }]],
      });
    } catch (error) {
      if (!(error instanceof PaymentRefused)) throw error;
      flow.reply(say(language, error.code === 'invoice_not_payable' ? 'nothingHere' : 'paymentsUnavailable'));
    }
  }

  /** The patient came back from the provider's page: ask the provider if the callback has not come yet. */
  async function check(flow: FlowContext, patient: Patient, id: number): Promise<void> {
    const language = patient.language;
    let invoice = await ownInvoice(patient, id);
    if (!invoice) return flow.reply(say(language, 'nothingHere'));
    if (invoice.status === 'pending' && invoice.provider_payment_id) {
      const provider = await deps.config.provider();
      const reported = provider ? await provider.status(invoice.provider_payment_id).catch(() => null) : null;
      if (reported?.status === 'paid' && reported.amountMinor === invoice.amount_minor && provider)
        await payments.markPaid(invoice.id, { method: 'link', chargeId: null, providerChargeId: null, actor: `provider:${provider.kind}` });
      invoice = (await payments.find(id))!;
    }
    const values = { number: invoice.number, amount: tenge(invoice.amount_minor) };
    if (invoice.status === 'paid') return flow.reply(say(language, 'paymentReceived', values));
    if (invoice.status === 'pending') return flow.reply(say(language, 'paymentPending', values));
    flow.reply(say(language, 'invoiceClosed', { ...values, status: text(language, `status_${invoice.status}`) }));
  }

  return {
    /** The menu's "Payment": balance and open invoices. */
    async menu(flow: FlowContext, patient: Patient): Promise<void> {
      flow.reply(...(await balanceReplies(patient)));
    },
    /** Buttons `pay:<id>` and `paycheck:<id>`; false for anything else. */
    async act(flow: FlowContext, patient: Patient, payload: string): Promise<boolean> {
      const match = /^(pay|paycheck):(\d{1,9})$/.exec(payload);
      if (!match) return false;
      await (match[1] === 'pay' ? pay(flow, patient, Number(match[2])) : check(flow, patient, Number(match[2])));
      return true;
    },
    /** A payment made inside the messenger: recorded with both charge ids. */
    async paid(flow: FlowContext, patient: Patient, event: Extract<FlowEvent, { type: 'payment' }>): Promise<boolean> {
      const id = invoiceIdOfPayload(event.payload);
      const invoice = id ? await ownInvoice(patient, id) : undefined;
      if (!invoice) return false;
      await payments.markPaid(invoice.id, {
        method: 'bot',
        chargeId: event.chargeId || null,
        providerChargeId: event.providerChargeId || null,
        actor: 'patient',
      });
      flow.reply(say(patient.language, 'paymentReceived', { number: invoice.number, amount: tenge(invoice.amount_minor) }));
      return true;
    },
    /** The messenger's pre-checkout: re-checks that the invoice is open and its amount unchanged. */
    async checkout(query: FlowCheckout): Promise<FlowCheckoutAnswer | null> {
      const id = invoiceIdOfPayload(query.payload);
      if (id === null) return null;
      const patient = await deps.patients.byChat(query.channel.id, query.senderExternalId);
      const language = patient?.language ?? 'ru';
      // Only the patient the invoice was issued to pays it from their chat.
      if (!patient || (await payments.find(id))?.patient_id !== patient.id)
        return { ok: false, errorMessage: text(language, 'checkoutClosed') };
      const verdict = await payments.checkout(query.payload, query.currency, query.totalAmount);
      if (verdict.ok) return verdict;
      return { ok: false, errorMessage: text(language, verdict.reason === 'changed' ? 'checkoutChanged' : 'checkoutClosed') };
    },
    /** After a booking, when the clinic asks for prepayment: an invoice for the visit and a "Pay" button. */
    async prepayment(appointmentId: number, patientId: number, language: PatientLanguage): Promise<FlowReply[]> {
      const id = await payments.create({ patientId, appointmentId, source: 'booking', actor: 'patient' });
      const invoice = (await payments.find(id))!;
      return [
        {
          type: 'choices',
          text: text(language, 'prepaymentOffer', { amount: tenge(invoice.amount_minor) }),
          rows: [[{ title: text(language, 'payNow'), payload: `pay:${id}` }]],
        },
      ];
    },
  };
}
export type PaymentFlows = ReturnType<typeof createPaymentFlows>;
