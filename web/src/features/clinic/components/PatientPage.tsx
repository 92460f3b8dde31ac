import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorText } from '../../../lib/errors.ts';
import { useSession } from '../../auth/index.ts';
import { fetchBalance, fetchPatient, fetchVisits, patientKey } from '../admin.api.ts';
import { fetchPayments, paymentsKey, tenge } from '../payments.api.ts';
import { fetchAudit, recordsKey } from '../records.api.ts';
import { PatientDocuments } from './RecordsPage.tsx';

const consentKinds = ['personal_data', 'medical', 'marketing'] as const;

// The page is a fixed-height flex column that scrolls: tables keep their height (flexShrink 0) instead of being squeezed.
/** One patient: profile (IIN masked until asked), appointments with ratings, documents, invoices and balance, audit. */
export function PatientPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().patientId);
  const { data: me } = useSession();
  const [showIin, setShowIin] = useState(false);
  const patient = useQuery({ queryKey: patientKey(id), queryFn: () => fetchPatient(id) });
  const visits = useQuery({ queryKey: [...patientKey(id), 'visits'], queryFn: () => fetchVisits(id), enabled: patient.isSuccess });
  const balance = useQuery({ queryKey: [...patientKey(id), 'balance'], queryFn: () => fetchBalance(id), enabled: patient.isSuccess });
  const invoices = useQuery({
    queryKey: [...paymentsKey, 'patient', id],
    queryFn: () => fetchPayments(null, id),
    enabled: patient.isSuccess,
  });
  const audit = useQuery({
    queryKey: [...recordsKey, 'audit', String(id)],
    queryFn: () => fetchAudit(String(id)),
    enabled: patient.isSuccess && me?.role === 'admin',
  });
  const money = (minor: number) => tenge(minor, i18n.language);
  // Visits in clinic time (as reception sees them); audit rows in the viewer's own time.
  const when = (iso: string, timeZone?: string) =>
    new Date(iso).toLocaleString(i18n.language === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const section = (title: string) => (
    <Text component="h2" fw={600} size="lg" m={0}>
      {title}
    </Text>
  );

  if (patient.isPending) return <Loader m="xl" size="sm" />;
  if (patient.error)
    return (
      <Stack p="xl">
        <Alert color="red">{errorText(patient.error)}</Alert>
      </Stack>
    );
  const profile = patient.data;
  const name = [profile.last_name, profile.first_name, profile.patronymic].filter(Boolean).join(' ');
  return (
    <Stack p={{ base: 'sm', sm: 'xl' }} gap="lg" maw={1200} component="main" style={{ overflowY: 'auto' }} h="100%">
      <div>
        <Anchor component={Link} to="/clinic/records" size="sm">
          {t('clinicAdmin.patient.back')}
        </Anchor>
        <Text component="h1" size="xl" fw={700} m={0}>
          {name}
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Card withBorder>
          {section(t('clinicAdmin.patient.profile'))}
          <Table mt="sm" aria-label={t('clinicAdmin.patient.profile')}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>{t('clinicAdmin.patient.iin')}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <span data-testid="patient-iin">{showIin ? profile.iin : `********${profile.iin.slice(-4)}`}</span>
                    <Button size="compact-xs" variant="subtle" onClick={() => setShowIin(!showIin)}>
                      {showIin ? '🙈' : '👁'}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('clinicAdmin.patient.birthDate')}</Table.Td>
                <Table.Td>{showIin ? profile.birth_date : `****-**-** (${profile.birth_date.slice(0, 4)})`}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('clinicAdmin.patient.phone')}</Table.Td>
                <Table.Td>{profile.phone ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('clinicAdmin.patient.language')}</Table.Td>
                <Table.Td>{profile.language === 'kk' ? 'Қазақша' : 'Русский'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('clinicAdmin.patient.consents')}</Table.Td>
                <Table.Td>
                  {consentKinds.map((kind) => (
                    <Text key={kind} size="sm">
                      {t(`clinicAdmin.patient.consentKinds.${kind}`)}:{' '}
                      {profile.consents[kind] ? t('clinicAdmin.patient.yes') : t('clinicAdmin.patient.no')}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          {section(t('clinicAdmin.patient.balance'))}
          {balance.error && <Alert color="red">{errorText(balance.error)}</Alert>}
          {balance.data && (
            <Stack gap={4} mt="sm">
              <Text size="xl" fw={700} c={balance.data.balance_minor < 0 ? 'red' : undefined} data-testid="patient-balance">
                {money(balance.data.balance_minor)}
              </Text>
              <Text size="sm">
                {t('clinicAdmin.patient.paid')}: {money(balance.data.paid_minor)}
              </Text>
              <Text size="sm">
                {t('clinicAdmin.patient.rendered')}: {money(balance.data.services_rendered_minor)}
              </Text>
              <Text size="sm">
                {t('clinicAdmin.patient.refunded')}: {money(balance.data.refunded_minor)}
              </Text>
              <Text size="sm" c="dimmed">
                {t('clinicAdmin.patient.open')}: {money(balance.data.open_invoices_minor)}
              </Text>
            </Stack>
          )}
        </Card>
      </SimpleGrid>

      {section(t('clinicAdmin.patient.visits'))}
      {visits.error && <Alert color="red">{errorText(visits.error)}</Alert>}
      {visits.data?.results.length === 0 && <Text c="dimmed">{t('clinicAdmin.patient.noVisits')}</Text>}
      {visits.data && visits.data.results.length > 0 && (
        <Table.ScrollContainer data-scrolls-sideways minWidth={720} style={{ flexShrink: 0 }}>
          <Table aria-label={t('clinicAdmin.patient.visits')} striped data-testid="patient-visits">
            <Table.Tbody>
              {visits.data.results.map((visit) => (
                <Table.Tr key={visit.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(visit.starts_at, visits.data.time_zone)}</Table.Td>
                  <Table.Td>
                    {visit.service_ru}
                    <Text size="xs" c="dimmed">
                      {visit.doctor} · {visit.branch_ru}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{money(visit.price_minor)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{t(`clinic.status.${visit.status}`)}</Badge>
                  </Table.Td>
                  <Table.Td>
                    {visit.nps_score !== null && `${visit.nps_score}/10`}
                    {visit.nps_comment && (
                      <Text size="xs" c="dimmed">
                        {visit.nps_comment}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {section(t('clinicAdmin.patient.documents'))}
      <PatientDocuments patientId={id} />

      {section(t('clinicAdmin.patient.invoices'))}
      {invoices.data && invoices.data.results.length > 0 ? (
        <Table.ScrollContainer data-scrolls-sideways minWidth={600} style={{ flexShrink: 0 }}>
          <Table aria-label={t('clinicAdmin.patient.invoices')} striped>
            <Table.Tbody>
              {invoices.data.results.map((invoice) => (
                <Table.Tr key={invoice.id}>
                  <Table.Td>{invoice.number}</Table.Td>
                  <Table.Td>{invoice.description}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{money(invoice.amount_minor)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{t(`clinic.payments.statuses.${invoice.status}`)}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <Text c="dimmed">{t('clinic.payments.empty')}</Text>
      )}

      {me?.role === 'admin' && (
        <>
          {section(t('clinicAdmin.patient.audit'))}
          <Table.ScrollContainer data-scrolls-sideways minWidth={600} style={{ flexShrink: 0 }}>
            <Table aria-label={t('clinicAdmin.patient.audit')} striped data-testid="patient-audit">
              <Table.Tbody>
                {audit.data?.results.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(row.at)}</Table.Td>
                    <Table.Td>{row.actor_name || row.actor}</Table.Td>
                    <Table.Td>{row.action}</Table.Td>
                    <Table.Td>{row.ip ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
