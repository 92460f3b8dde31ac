import { idParams, invoiceListQuery, invoicePatch, invoicePdfQuery, newInvoiceBody } from '@switchboard/contract';
import { documentHeader, type HttpApp } from '../../platform/index.ts';
import { actorOf } from './actor.ts';
import { createInvoicePdfPool } from './invoice-pdf-pool.ts';
import type { InvoicesService } from './invoices.service.ts';
import { languageOf } from './notification-texts.ts';
import { clientPrincipal } from './portal.routes.ts';
import type { PortalAccounts } from './portal-accounts.service.ts';
import type { TicketsContext } from './context.ts';

/** Invoices: staff issue and change them; staff and the client they belong to read them and their PDF. */
export function registerInvoiceRoutes(
  app: HttpApp,
  options: {
    invoices: InvoicesService;
    accounts: PortalAccounts;
    settings: TicketsContext['settings'];
    business: TicketsContext['business'];
  },
): void {
  const { invoices, accounts } = options;
  const pdfs = createInvoicePdfPool();
  app.addHook('onClose', () => pdfs.close());
  const both = { access: { principals: ['staff', clientPrincipal] } };
  const tags = ['invoices'];

  app.get(
    '/api/invoices',
    {
      config: both,
      schema: {
        tags,
        summary: 'Invoices, newest first (a client sees their own)',
        querystring: invoiceListQuery,
      },
    },
    async (request) => invoices.list(await actorOf(request, accounts), request.query),
  );

  app.post(
    '/api/invoices',
    {
      schema: {
        tags,
        summary: 'Issue an invoice (the client is notified); number defaults to the next INV-NNNNN',
        body: newInvoiceBody,
      },
    },
    async (request, reply) => reply.status(201).send(await invoices.create(await actorOf(request, accounts), request.body)),
  );

  app.get('/api/invoices/:id', { config: both, schema: { tags, summary: 'One invoice', params: idParams } }, async (request) =>
    invoices.get(await actorOf(request, accounts), request.params.id),
  );

  app.patch(
    '/api/invoices/:id',
    {
      schema: {
        tags,
        summary: 'Mark paid or void (issued → paid | void, paid → void), or change the due date and notes',
        params: idParams,
        body: invoicePatch,
      },
    },
    async (request) => invoices.update(await actorOf(request, accounts), request.params.id, request.body),
  );

  app.get(
    '/api/invoices/:id/pdf',
    {
      config: both,
      schema: {
        tags,
        summary: "The invoice as PDF (in the client's language unless ?lang=ru|kk|en)",
        params: idParams,
        querystring: invoicePdfQuery,
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, accounts);
      const invoice = await invoices.get(actor, request.params.id);
      const client = (await accounts.findClient(invoice.client_id))!;
      const language = request.query.lang ?? languageOf(client.language);
      // The business's details from setup (the business port); the app's older free-text setting when they are empty.
      const details = await options.business.read();
      const business = documentHeader(details, language);
      const settings = business.name ? undefined : await options.settings.read();
      const pdf = await pdfs.render({
        invoice,
        party: {
          issuer: business.name || settings!.business_name,
          issuerDetails: business.name ? business.lines.join('\n') : settings!.business_details,
          logo: business.name ? details.logo : null,
          clientName: invoice.client_name,
          clientEmail: client.email,
        },
        language,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${invoice.number.replace(/[^\w.-]/g, '_')}.pdf"`)
        .send(pdf);
    },
  );
}
