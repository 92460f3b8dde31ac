import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InvoiceStatus, TicketStatus } from '../api/portal.api.ts';

const ticketColors: Record<TicketStatus, string> = { open: 'blue', in_progress: 'yellow', resolved: 'green', closed: 'gray' };
const invoiceColors: Record<InvoiceStatus, string> = { issued: 'orange', paid: 'green', void: 'gray' };

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={ticketColors[status]} variant="light" data-testid="ticket-status" style={{ flex: 'none' }}>
      {t(`portal.status.${status}`)}
    </Badge>
  );
}

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={invoiceColors[status]} variant="light">
      {t(`portal.invoiceStatus.${status}`)}
    </Badge>
  );
}
