import { Grid, Stack } from '@mantine/core';
import { TelegramLinkWidget } from '../../telegram-link/index.ts';
import { NotificationPreferences } from './NotificationPreferences.tsx';
import { PortalInvoices } from './PortalInvoices.tsx';
import { PortalTickets } from './PortalTickets.tsx';

/** The client's dashboard (seed 001): their tickets and invoices, Telegram, and what they are told about. */
export function PortalDashboardPage() {
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="md">
          <PortalTickets />
          <PortalInvoices />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="md">
          <TelegramLinkWidget audience="client" />
          <NotificationPreferences />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
