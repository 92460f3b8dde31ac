import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { portalStatusColors, type PortalStatus } from '../api/clients.api.ts';
import { invoiceStatusColors, type InvoiceStatus } from '../api/invoices.api.ts';
import { queueStateColors, type QueueState } from '../api/notifications.api.ts';
import { statusColors, type TicketStatus } from '../api/tickets.api.ts';

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant="light" data-testid="ticket-status">
      {t(`tickets.status.${status}`)}
    </Badge>
  );
}

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={invoiceStatusColors[status]} variant="light" data-testid="invoice-status">
      {t(`tickets.invoices.status.${status}`)}
    </Badge>
  );
}

export function PortalStatusBadge({ status }: { status: PortalStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={portalStatusColors[status]} variant="light" data-testid="portal-status">
      {t(`tickets.clients.portalStatus.${status}`)}
    </Badge>
  );
}

export function QueueStateBadge({ state }: { state: QueueState }) {
  const { t } = useTranslation();
  return (
    <Badge color={queueStateColors[state]} variant="light" data-testid="queue-state">
      {t(`tickets.queue.state.${state}`)}
    </Badge>
  );
}
