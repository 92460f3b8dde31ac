import { Alert, Button, FileInput, Group, Loader, Select, Stack, Table, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../../../lib/errors.ts';
import {
  addFaqCategory,
  addFaqEntry,
  deleteFaqEntry,
  documentTypes,
  fetchDocuments,
  fetchFaq,
  fetchPatients,
  generateCertificate,
  recordsKey,
  revokeLinks,
  uploadDocument,
  type DocumentType,
} from '../records.api.ts';
import { AuditPanel } from './AuditPanel.tsx';

/** A patient's documents (attach, generate, revoke links), the FAQ in three languages, and the audit log for admins. */
export function RecordsPage() {
  const { t } = useTranslation();
  return (
    <Stack p={{ base: 'sm', sm: 'xl' }} gap="lg" maw={1200} component="main" style={{ overflowY: 'auto' }} h="100%">
      <Text component="h1" size="xl" fw={700} m={0}>
        {t('clinicRecords.title')}
      </Text>
      <Tabs defaultValue="documents" keepMounted={false}>
        <Tabs.List data-scrolls-sideways style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          <Tabs.Tab value="documents" style={{ whiteSpace: 'nowrap' }}>
            {t('clinicRecords.documentsTab')}
          </Tabs.Tab>
          <Tabs.Tab value="faq" style={{ whiteSpace: 'nowrap' }}>
            {t('clinicRecords.faqTab')}
          </Tabs.Tab>
          <Tabs.Tab value="audit" style={{ whiteSpace: 'nowrap' }}>
            {t('clinicRecords.auditTab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="documents" pt="lg">
          <DocumentsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="faq" pt="lg">
          <FaqPanel />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="lg">
          <AuditPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function DocumentsPanel() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [patientId, setPatientId] = useState<number | null>(null);
  const patients = useQuery({ queryKey: [...recordsKey, 'patients', q], queryFn: () => fetchPatients(q) });
  return (
    <Stack gap="md">
      <TextInput label={t('clinicRecords.search')} w={320} value={q} onChange={(event) => setQ(event.currentTarget.value)} />
      {patients.error && <Alert color="red">{errorText(patients.error)}</Alert>}
      {patients.data && (
        <Table.ScrollContainer data-scrolls-sideways minWidth={560}>
          <Table aria-label={t('clinicRecords.patient')} striped>
            <Table.Tbody>
              {patients.data.results.map((patient) => (
                <Table.Tr key={patient.id}>
                  <Table.Td>{[patient.last_name, patient.first_name, patient.patronymic].filter(Boolean).join(' ')}</Table.Td>
                  <Table.Td>{patient.iin}</Table.Td>
                  <Table.Td>{patient.birth_date}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant={patientId === patient.id ? 'filled' : 'light'} onClick={() => setPatientId(patient.id)}>
                        {t('clinicRecords.open')}
                      </Button>
                      <Button size="xs" variant="subtle" component={Link} to={`/clinic/patients/${patient.id}`}>
                        {t('clinicRecords.patientPage')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {patientId !== null && <PatientDocuments patientId={patientId} />}
    </Stack>
  );
}

export function PatientDocuments({ patientId }: { patientId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = [...recordsKey, 'documents', patientId];
  const documents = useQuery({ queryKey: key, queryFn: () => fetchDocuments(patientId) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const [type, setType] = useState<DocumentType>('lab_result');
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [appointment, setAppointment] = useState('');
  const upload = useMutation({
    mutationFn: () => uploadDocument({ patientId, type, title, file: file! }),
    onSuccess: refresh,
    meta: { silent: true },
  });
  const generate = useMutation({
    mutationFn: () => generateCertificate({ patientId, appointmentId: Number(appointment) }),
    onSuccess: refresh,
    meta: { silent: true },
  });
  const revoke = useMutation({ mutationFn: revokeLinks, meta: { silent: true } });
  const failure = upload.error ?? generate.error ?? revoke.error ?? documents.error;
  return (
    <Stack gap="md">
      {failure && <Alert color="red">{errorText(failure)}</Alert>}
      {revoke.data && <Alert color="green">{t('clinicRecords.revoked', { count: revoke.data.revoked })}</Alert>}
      {documents.isPending ? (
        <Loader size="sm" />
      ) : documents.data?.results.length === 0 ? (
        <Text c="dimmed">{t('clinicRecords.noDocuments')}</Text>
      ) : (
        <Table aria-label={t('clinicRecords.documentsTab')} striped>
          <Table.Tbody>
            {documents.data?.results.map((document) => (
              <Table.Tr key={document.id}>
                <Table.Td>{t(`clinicRecords.types.${document.type}`)}</Table.Td>
                <Table.Td>{document.title}</Table.Td>
                <Table.Td>{new Date(document.created_at).toLocaleString()}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button size="xs" variant="light" component="a" href={`/api/clinic/documents/${document.id}/file`}>
                      {t('clinicRecords.download')}
                    </Button>
                    <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(document.id)}>
                      {t('clinicRecords.revoke')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group align="end">
        <Select
          label={t('clinicRecords.type')}
          data={documentTypes.map((value) => ({ value, label: t(`clinicRecords.types.${value}`) }))}
          value={type}
          onChange={(value) => value && setType(value)}
          allowDeselect={false}
        />
        <TextInput label={t('clinicRecords.titleLabel')} value={title} onChange={(event) => setTitle(event.currentTarget.value)} />
        <FileInput label={t('clinicRecords.file')} value={file} onChange={setFile} accept="application/pdf,image/*" w={240} />
        <Button onClick={() => upload.mutate()} loading={upload.isPending} disabled={!file || !title.trim()}>
          {t('clinicRecords.upload')}
        </Button>
      </Group>
      <Group align="end">
        <TextInput
          label={t('clinicRecords.appointmentId')}
          value={appointment}
          onChange={(event) => setAppointment(event.currentTarget.value)}
        />
        <Button variant="light" onClick={() => generate.mutate()} loading={generate.isPending} disabled={!/^\d+$/.test(appointment)}>
          {t('clinicRecords.generate')}
        </Button>
      </Group>
    </Stack>
  );
}

function FaqPanel() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const faq = useQuery({ queryKey: [...recordsKey, 'faq', q], queryFn: () => fetchFaq(q) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: [...recordsKey, 'faq'] });
  const [category, setCategory] = useState({ title_ru: '', title_kk: '', title_en: '' });
  const [entry, setEntry] = useState({
    category_id: '',
    question_ru: '',
    question_kk: '',
    question_en: '',
    answer_ru: '',
    answer_kk: '',
    answer_en: '',
  });
  const addCategory = useMutation({ mutationFn: () => addFaqCategory(category), onSuccess: refresh, meta: { silent: true } });
  const addEntry = useMutation({
    mutationFn: () => addFaqEntry({ ...entry, category_id: Number(entry.category_id) }),
    onSuccess: refresh,
    meta: { silent: true },
  });
  const remove = useMutation({ mutationFn: deleteFaqEntry, onSuccess: refresh, meta: { silent: true } });
  const failure = faq.error ?? addCategory.error ?? addEntry.error ?? remove.error;
  const categoryTitle = (id: number) => {
    const found = faq.data?.categories.find((each) => each.id === id);
    return found ? (i18n.language === 'ru' ? found.title_ru : found.title_en || found.title_ru) : '';
  };
  const field = (name: keyof typeof entry, label: string, long = false) => {
    const Input = long ? Textarea : TextInput;
    return (
      <Input key={name} label={label} value={entry[name]} onChange={(event) => setEntry({ ...entry, [name]: event.currentTarget.value })} />
    );
  };
  return (
    <Stack gap="md" maw={900}>
      {failure && <Alert color="red">{errorText(failure)}</Alert>}
      <TextInput label={t('clinicRecords.faqSearch')} w={320} value={q} onChange={(event) => setQ(event.currentTarget.value)} />
      <Table striped>
        <Table.Tbody>
          {faq.data?.entries.map((each) => (
            <Table.Tr key={each.id}>
              <Table.Td>{categoryTitle(each.category_id)}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {each.question_ru} / {each.question_kk}
                </Text>
                <Text size="sm">{each.answer_ru}</Text>
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(each.id)}>
                  {t('clinicRecords.delete')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={600}>{t('clinicRecords.newCategory')}</Text>
      <Group align="end">
        {(['title_ru', 'title_kk', 'title_en'] as const).map((name) => (
          <TextInput
            key={name}
            label={name.slice(-2)}
            value={category[name]}
            onChange={(event) => setCategory({ ...category, [name]: event.currentTarget.value })}
          />
        ))}
        <Button onClick={() => addCategory.mutate()} disabled={!category.title_ru.trim() || !category.title_kk.trim()}>
          {t('clinicRecords.addCategory')}
        </Button>
      </Group>
      <Select
        label={t('clinicRecords.category')}
        w={320}
        data={(faq.data?.categories ?? []).map((each) => ({ value: String(each.id), label: categoryTitle(each.id) }))}
        value={entry.category_id || null}
        onChange={(value) => setEntry({ ...entry, category_id: value ?? '' })}
      />
      {(['ru', 'kk', 'en'] as const).map((language) => (
        <Group key={language} grow align="start">
          {field(`question_${language}`, `${t('clinicRecords.question')} (${language})`)}
          {field(`answer_${language}`, `${t('clinicRecords.answer')} (${language})`, true)}
        </Group>
      ))}
      <Button w={200} onClick={() => addEntry.mutate()} loading={addEntry.isPending} disabled={!entry.category_id}>
        {t('clinicRecords.addQuestion')}
      </Button>
    </Stack>
  );
}
