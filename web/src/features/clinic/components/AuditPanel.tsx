import { Alert, Button, Group, Stack, Table, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { useSession } from '../../auth/index.ts';
import { fetchAudit, recordsKey } from '../records.api.ts';

/** Who read or changed which patient's data, from where; admins only, with a CSV export. */
export function AuditPanel() {
  const { t } = useTranslation();
  const { data: me } = useSession();
  const [patientId, setPatientId] = useState('');
  const admin = me?.role === 'admin';
  const audit = useQuery({ queryKey: [...recordsKey, 'audit', patientId], queryFn: () => fetchAudit(patientId), enabled: admin });
  if (me && !admin) return <Alert color="orange">{t('clinicRecords.adminOnly')}</Alert>;
  return (
    <Stack gap="md">
      <Group align="end">
        <TextInput
          label={t('clinicRecords.auditPatient')}
          value={patientId}
          onChange={(event) => setPatientId(event.currentTarget.value.replace(/\D/g, ''))}
        />
        <Button variant="light" component="a" href={`/api/clinic/audit.csv${patientId ? `?patient_id=${patientId}` : ''}`}>
          {t('clinicRecords.export')}
        </Button>
      </Group>
      {audit.error && <Alert color="red">{errorText(audit.error)}</Alert>}
      <Table.ScrollContainer data-scrolls-sideways minWidth={720}>
        <Table aria-label={t('clinicRecords.auditTab')} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('clinicRecords.at')}</Table.Th>
              <Table.Th>{t('clinicRecords.who')}</Table.Th>
              <Table.Th>{t('clinicRecords.action')}</Table.Th>
              <Table.Th>{t('clinicRecords.patient')}</Table.Th>
              <Table.Th>{t('clinicRecords.from')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {audit.data?.results.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>{new Date(row.at).toLocaleString()}</Table.Td>
                <Table.Td>{row.actor_name || row.actor}</Table.Td>
                <Table.Td>{row.action}</Table.Td>
                <Table.Td>{row.patient_id ?? ''}</Table.Td>
                <Table.Td>{row.ip ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
